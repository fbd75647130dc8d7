/**
 * The one strict reading of tool-call arguments shared by the checks, the approval fingerprint and the
 * redaction of events: repeated keys, trailing text and deep nesting are errors, numbers keep their spelling,
 * and error messages never quote the input. Depends on Jackson and on {@code core.check} (whose {@code JsonValue} view of arguments it implements); not part
 * of the public API.
 */
package dev.agentguard.core.json;
