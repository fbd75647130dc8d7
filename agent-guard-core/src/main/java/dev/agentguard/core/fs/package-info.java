/**
 * The filesystem allowlist: {@link dev.agentguard.core.fs.FileSystemCheck} (roots, deny globs, the protected
 * set, symlink-aware canonicalisation), the {@code PathGlob} syntax it uses, and
 * {@link dev.agentguard.core.fs.ResolvedPath}, what a check hands to guarded file I/O (the
 * {@code agent-guard-sandbox} module).
 */
package dev.agentguard.core.fs;
