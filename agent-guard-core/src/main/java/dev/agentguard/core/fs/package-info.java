/**
 * The filesystem allowlist: {@link dev.agentguard.core.fs.FileSystemCheck} (roots, deny globs, the protected
 * set, symlink-aware canonicalisation), the {@code PathGlob} syntax it uses, and
 * {@link dev.agentguard.core.fs.ResolvedPath}, what a check hands to guarded file I/O (the
 * {@code agent-guard-sandbox} module). Depends on the API, {@code core.check}, {@code core.glob} and
 * {@code core.text}; never on the guard, the policy loader or another check.
 */
package dev.agentguard.core.fs;
