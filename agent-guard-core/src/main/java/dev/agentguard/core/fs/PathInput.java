package dev.agentguard.core.fs;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.text.UntrustedText;
import java.util.Locale;

/**
 * The filesystem check's input rules: which path strings are refused before anything is resolved (empty, too
 * long, control and bidirectional characters, unpaired surrogates, {@code file:} URLs, Windows drive and UNC
 * paths, {@code ~user}), how {@code ~} expands, and how untrusted path text is shown in a reason. Stateless.
 */
final class PathInput {

  private PathInput() {}

  /** Why {@code path} is not acceptable input, or null. */
  static String invalid(String path) {
    if (path.isEmpty()) {
      return "the path is empty";
    }
    if (path.isBlank()) {
      return "the path is blank";
    }
    if (path.length() > FileSystemCheck.MAX_PATH_LENGTH) {
      return "longer than " + FileSystemCheck.MAX_PATH_LENGTH + " characters";
    }
    String character = invalidCharacter(path);
    if (character != null) {
      return character;
    }
    if (path.regionMatches(true, 0, "file:", 0, 5)) {
      return "file: URLs are not paths; pass the path itself";
    }
    if (path.length() >= 2 && path.charAt(1) == ':' && (path.charAt(0) | 0x20) >= 'a'
        && (path.charAt(0) | 0x20) <= 'z') {
      return "a Windows drive path is ambiguous here; use a POSIX path";
    }
    if (path.startsWith("\\\\")) {
      return "a Windows UNC path is ambiguous here; use a POSIX path";
    }
    if (path.startsWith("~") && !path.equals("~") && !path.startsWith("~/")) {
      return "'~user' is not supported; use '~/' or an absolute path";
    }
    return null;
  }

  /** The first character a path may not hold (NUL, control, line separator, bidi control, lone surrogate). */
  private static String invalidCharacter(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == 0) {
        return "NUL character at index " + i;
      }
      if (Character.getType(c) == Character.CONTROL) {
        return "control character U+" + hex(c) + " at index " + i;
      }
      if (c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
        return "line separator or bidirectional control U+" + hex(c) + " at index " + i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= path.length() || !Character.isLowSurrogate(path.charAt(i + 1))) {
          return "unpaired surrogate at index " + i;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return "unpaired surrogate at index " + i;
      }
    }
    return null;
  }

  private static String hex(char c) {
    return String.format(Locale.ROOT, "%04X", (int) c);
  }

  /** {@code p} with a leading {@code ~} or {@code ~/} replaced by the home directory. */
  static String expandHome(String p, GuardEnvironment env) {
    if (p.equals("~")) {
      return env.home().toString();
    }
    if (p.startsWith("~/")) {
      return env.home() + p.substring(1);
    }
    return p;
  }

  /** Untrusted path text as a reason shows it. */
  static String printable(String s) {
    return UntrustedText.printable(s, 512);
  }
}
