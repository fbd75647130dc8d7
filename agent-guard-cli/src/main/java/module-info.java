/** The {@code agent-guard} command line: check, explain, validate and audit. Exports nothing. */
module dev.agentguard.cli {
  requires dev.agentguard.core;
  requires dev.agentguard.sandbox;
  requires dev.agentguard.ops;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;

  opens dev.agentguard.cli to info.picocli;
}
