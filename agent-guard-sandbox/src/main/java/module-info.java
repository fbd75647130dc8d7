/** Guarded I/O: file access, processes and HTTP that do only what the guard's checks allowed. */
module dev.agentguard.sandbox {
  requires transitive dev.agentguard.core;
  requires transitive java.net.http;

  exports dev.agentguard.sandbox;
  exports dev.agentguard.sandbox.os;
}
