/** The web approval console: a page where a person answers the calls waiting in an approval inbox. */
module dev.agentguard.console {
  requires transitive dev.agentguard.ops;
  requires com.fasterxml.jackson.databind;
  requires jdk.httpserver;

  exports dev.agentguard.console;
}
