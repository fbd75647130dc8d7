package com.example.agent;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.test.AgentGuardExtension;
import dev.agentguard.test.GuardPolicy;
import dev.agentguard.test.PolicyExamples;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** A table of examples run as dynamic tests, with the extension registered declaratively. */
@ExtendWith(AgentGuardExtension.class)
@GuardPolicy(value = "agent-guard.yaml", hosts = "api.github.com=140.82.112.5")
class PolicyExamplesTest {

  @TestFactory
  Stream<DynamicTest> policyExamples(AgentGuard guard) {
    return PolicyExamples.fromClasspath("agent-guard.examples.yaml").against(guard);
  }
}
