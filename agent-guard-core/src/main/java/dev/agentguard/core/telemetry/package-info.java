/**
 * Redaction of secrets from what leaves the guard (events, audit records, approval requests):
 * {@link dev.agentguard.core.telemetry.Redactor} and its detectors (secret-named keys and their values, secret
 * shapes, high-entropy tokens). Depends on {@code dev.agentguard.api} and Jackson only.
 */
package dev.agentguard.core.telemetry;
