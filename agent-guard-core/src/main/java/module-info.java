/**
 * The agent-guard decision engine: the guard, policies and the checks. {@code dev.agentguard.core.internal} is not
 * exported.
 */
module dev.agentguard.core {
  requires transitive dev.agentguard.api;
  // No exported type mentions Jackson (checks see arguments as a JsonValue), so it is not required transitively.
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.google.common;
  requires org.yaml.snakeyaml;

  exports dev.agentguard.core;
  exports dev.agentguard.core.approval;
  exports dev.agentguard.core.check;
  exports dev.agentguard.core.exec;
  exports dev.agentguard.core.fs;
  exports dev.agentguard.core.io;
  exports dev.agentguard.core.net;
  exports dev.agentguard.core.policy;
  exports dev.agentguard.core.session;
  exports dev.agentguard.core.telemetry;
}
