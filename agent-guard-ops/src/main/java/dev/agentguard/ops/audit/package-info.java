/**
 * A tamper-evident audit log of guard events ({@link dev.agentguard.ops.audit.AuditLog}), its record format
 * ({@link dev.agentguard.ops.audit.AuditRecords}) and its verifier
 * ({@link dev.agentguard.ops.audit.AuditLogVerifier}). Depends on {@code dev.agentguard.api}, core's redaction
 * and Jackson; nothing in core depends on it.
 */
package dev.agentguard.ops.audit;
