/**
 * Glob syntax in one place: {@link dev.agentguard.core.glob.GlobSyntax} says which characters are special in
 * path, tool-name, host and shell globs and how to escape a literal, and {@link dev.agentguard.core.glob.NameGlob}
 * matches tool-name globs. Depends on the JDK only; not exported (the filesystem, network, command, tool and
 * session checks use it).
 */
package dev.agentguard.core.glob;
