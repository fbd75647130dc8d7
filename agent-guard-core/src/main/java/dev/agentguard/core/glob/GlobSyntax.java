package dev.agentguard.core.glob;

/**
 * The characters that are special in agent-guard's globs, and how to write a literal in each. Every parser and
 * every place that builds a glob from a path or name uses these, so the syntax is defined once:
 *
 * <ul>
 *   <li><b>path globs</b> ({@code filesystem.*}, {@code session.private}): {@code *} (a run of characters within
 *       one segment), {@code **} (any run of segments), {@code ?} (one character), {@code [abc]}, {@code [a-z]},
 *       {@code [!a]} or {@code [^a]} (a set), {@code {a,b}} (alternatives), and {@code \} before a character to
 *       take it literally;
 *   <li><b>tool-name globs</b> ({@code tools[].name}, session labels): {@code *} (a run of characters),
 *       {@code ?} (one character), and {@code \} before a character to take it literally;
 *   <li><b>host globs</b> ({@code network.allow}): {@code *} alone (every host) or {@code *.} before a domain
 *       (its subdomains at any depth); nothing else is special;
 *   <li><b>shell patterns</b> (what {@code sh} expands in a command's words): an unquoted {@code *}, {@code ?}
 *       or {@code [...]}; quoting, not a backslash of ours, makes them literal.
 * </ul>
 */
public final class GlobSyntax {

  /** A run of characters: within one segment in a path glob, anywhere in a tool-name glob. */
  public static final char ANY = '*';
  /** Exactly one character (never a path separator). */
  public static final char ONE = '?';
  /** Opens a set of characters. */
  public static final char SET_OPEN = '[';
  /** Closes a set of characters. */
  public static final char SET_CLOSE = ']';
  /** First in a set: the set matches what it does not list. */
  public static final char SET_NEGATE = '!';
  /** The other spelling of {@link #SET_NEGATE}. */
  public static final char SET_NEGATE_ALT = '^';
  /** Between the ends of a range in a set. */
  public static final char SET_RANGE = '-';
  /** Opens alternatives in a path glob. */
  public static final char ALTERNATIVES_OPEN = '{';
  /** Closes alternatives in a path glob. */
  public static final char ALTERNATIVES_CLOSE = '}';
  /** Separates alternatives in a path glob. */
  public static final char ALTERNATIVES_SEPARATOR = ',';
  /** Makes the next character literal, in path and tool-name globs. */
  public static final char ESCAPE = '\\';
  /** A whole path segment that matches any run of segments. */
  public static final String ANY_SEGMENTS = "**";
  /** The host glob that matches every host. */
  public static final String ANY_HOST = "*";
  /** What starts a host glob for a domain's subdomains. */
  public static final String SUBDOMAINS = "*.";

  /** Everything {@link #escapePath} escapes: the characters with a meaning anywhere in a path glob. */
  private static final String PATH_SPECIAL = "*?[]{},!^\\";
  /** The characters that make a path segment a pattern rather than a literal name. */
  private static final String PATH_WILDCARDS = "*?[]{}\\";

  private GlobSyntax() {}

  /**
   * Whether {@code c} has a meaning somewhere in a path glob (and so is escaped by {@link #escapePath}).
   *
   * @param c the character
   * @return whether it is special in a path glob
   */
  public static boolean isPathSpecial(char c) {
    return PATH_SPECIAL.indexOf(c) >= 0;
  }

  /**
   * Whether a path glob segment of this spelling is a plain name: not empty, not {@code .} or {@code ..}, and
   * without a wildcard, set, alternative or escape.
   *
   * @param segment one segment of a path glob
   * @return whether it matches only itself
   */
  public static boolean isLiteralPathSegment(String segment) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      if (PATH_WILDCARDS.indexOf(segment.charAt(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an unquoted {@code c} in a shell word may start pathname expansion ({@code *}, {@code ?} or
   * {@code [}).
   *
   * @param c the character
   * @return whether sh treats it as a pattern character when unquoted
   */
  public static boolean isShellWildcard(char c) {
    return c == ANY || c == ONE || c == SET_OPEN;
  }

  /**
   * A path glob that matches exactly the path {@code literal}: a backslash before every
   * {@linkplain #isPathSpecial special} character.
   *
   * @param literal a path or part of one
   * @return the escaped glob
   */
  public static String escapePath(String literal) {
    StringBuilder b = null;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (isPathSpecial(c)) {
        if (b == null) {
          b = new StringBuilder(literal.length() + 8).append(literal, 0, i);
        }
        b.append(ESCAPE);
      }
      if (b != null) {
        b.append(c);
      }
    }
    return b == null ? literal : b.toString();
  }

  /**
   * A tool-name glob that matches exactly the name {@code literal}: a backslash before {@code *}, {@code ?} and
   * {@code \}.
   *
   * @param literal a tool name
   * @return the escaped glob
   */
  public static String escapeName(String literal) {
    StringBuilder b = new StringBuilder(literal.length() + 4);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == ANY || c == ONE || c == ESCAPE) {
        b.append(ESCAPE);
      }
      b.append(c);
    }
    return b.toString();
  }
}
