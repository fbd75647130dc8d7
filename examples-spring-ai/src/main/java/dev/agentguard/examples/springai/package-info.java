/** A Spring Boot application whose Spring AI tools agent-guard guards, with an offline scripted model. */
package dev.agentguard.examples.springai;
