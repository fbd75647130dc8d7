/**
 * The README's code, compiled and run as it is printed there (the README test compares the two). Depends on core,
 * the API, {@code agent-guard-langchain4j} and LangChain4j; not a library.
 */
package dev.agentguard.examples.readme;
