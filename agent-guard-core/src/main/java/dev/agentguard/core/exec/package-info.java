/**
 * The command policy: {@link dev.agentguard.core.exec.CommandCheck} with its rules, a POSIX shell parser and the
 * analysis of wrappers and file effects. Depends on {@code core.check} and {@code core.fs} (the files a command
 * touches are judged by the filesystem check); running processes is in the {@code agent-guard-sandbox} module.
 */
package dev.agentguard.core.exec;
