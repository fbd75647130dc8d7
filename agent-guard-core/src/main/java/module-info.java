/**
 * The agent-guard decision engine: the guard, policies and the checks. {@code dev.agentguard.core.internal} and
 * {@code dev.agentguard.core.json} are not exported; {@code dev.agentguard.core.binding} (approved targets, for
 * guarded I/O), {@code dev.agentguard.core.io} (line input) and {@code dev.agentguard.core.text} (quoting untrusted
 * text) are exported only to the sibling modules that use them.
 */
// "module": the qualified exports name modules built after this one, which javac cannot see while compiling it.
@SuppressWarnings("module")
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
  exports dev.agentguard.core.net;
  exports dev.agentguard.core.policy;
  exports dev.agentguard.core.session;
  exports dev.agentguard.core.telemetry;

  exports dev.agentguard.core.binding to dev.agentguard.sandbox;
  exports dev.agentguard.core.io to dev.agentguard.ops, dev.agentguard.cli, dev.agentguard.mcp;
  exports dev.agentguard.core.text to dev.agentguard.sandbox, dev.agentguard.ops;
}
