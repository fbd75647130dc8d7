/** The LangChain4j adapter: guards the tools of an AI service. */
module dev.agentguard.langchain4j {
  requires transitive dev.agentguard.core;
  requires transitive langchain4j.core;
  requires transitive langchain4j;

  exports dev.agentguard.langchain4j;
}
