package dev.agentguard.test;

import dev.agentguard.core.AgentGuard;

/**
 * Adjusts the builder of each test's guard after the {@link AgentGuardExtension} has set the policy, the
 * environment, the static resolver, the fake clock, the recording listener and the scripted approver. It may
 * replace any of them (then the replaced kit object is not the guard's any more), add listeners, interceptors and
 * checks, or prepare files in {@link GuardFixture#workspace()}.
 */
@FunctionalInterface
public interface GuardCustomizer {

  /**
   * Adjusts {@code builder}. {@code fixture} gives the test's workspace, clock, listener and approver; its
   * {@link GuardFixture#guard()} is not available yet.
   *
   * @param builder the guard's builder, already given the fixture's environment, clock, listener and approver
   * @param fixture the test's fixture
   * @throws Exception to fail the test with it
   */
  void customize(AgentGuard.Builder builder, GuardFixture fixture) throws Exception;
}
