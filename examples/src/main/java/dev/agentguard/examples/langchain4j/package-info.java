/** The LangChain4j demo: a scripted chat model and guarded tools. Not a library. */
package dev.agentguard.examples.langchain4j;
