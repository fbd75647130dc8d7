/**
 * The operating-system sandbox for the commands a guard lets run: {@link dev.agentguard.sandbox.os.OsSandbox}
 * confines a command with bubblewrap on Linux or Seatbelt on macOS, from a {@link
 * dev.agentguard.sandbox.os.SandboxSpec} derived from the same policy that judged it (write roots writable, read
 * roots readable, the system read-only, deny globs masked, the protected set read-only, no network but a relay
 * to the egress proxy). Depends on core and the API only; {@code dev.agentguard.sandbox} uses it, never the other
 * way round.
 */
package dev.agentguard.sandbox.os;
