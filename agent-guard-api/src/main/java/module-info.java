/** The agent-guard API: tool calls, decisions, events and the SPIs a host implements. Depends on the JDK only. */
module dev.agentguard.api {
  exports dev.agentguard.api;
}
