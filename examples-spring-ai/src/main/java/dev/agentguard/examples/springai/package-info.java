/**
 * A Spring Boot application whose Spring AI tools agent-guard guards, with an offline scripted model. Depends on
 * {@code agent-guard-spring-ai} and Spring Boot; not a library.
 */
package dev.agentguard.examples.springai;
