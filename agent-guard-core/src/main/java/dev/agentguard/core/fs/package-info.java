/**
 * The filesystem allowlist: {@link dev.agentguard.core.fs.FileSystemCheck} (roots, deny globs, the protected
 * set, symlink-aware canonicalisation), the {@link dev.agentguard.core.fs.PathGlob} syntax it uses, and
 * {@link dev.agentguard.core.fs.GuardedFiles}, file I/O for tool authors that obeys the policy.
 */
package dev.agentguard.core.fs;
