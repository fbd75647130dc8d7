package dev.agentguard.core.glob;

/**
 * Matches tool-name globs ({@link GlobSyntax}): {@code *} any run of characters, {@code ?} one character,
 * {@code \} before a character to take it literally (a trailing {@code \} matches itself). Stateless.
 */
public final class NameGlob {

  private NameGlob() {}

  /**
   * Returns whether {@code name} matches {@code glob} in full.
   *
   * @param glob the glob
   * @param name the name
   * @return whether {@code name} matches {@code glob} in full
   */
  public static boolean matches(String glob, String name) {
    int g = 0;
    int n = 0;
    int starG = -1;
    int starN = 0;
    while (n < name.length()) {
      if (g < glob.length() && glob.charAt(g) == GlobSyntax.ANY) {
        starG = g++;
        starN = n;
        continue;
      }
      int width = literalWidth(glob, g);
      if (g < glob.length() && (glob.charAt(g) == GlobSyntax.ONE && width == 1
          || charAt(glob, g, width) == name.charAt(n))) {
        g += width;
        n++;
      } else if (starG >= 0) {
        g = starG + 1;
        n = ++starN;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == GlobSyntax.ANY) {
      g++;
    }
    return g == glob.length();
  }

  /** 2 for an escape and the character it makes literal, else 1. */
  private static int literalWidth(String glob, int g) {
    return g + 1 < glob.length() && glob.charAt(g) == GlobSyntax.ESCAPE ? 2 : 1;
  }

  private static int charAt(String glob, int g, int width) {
    return g < glob.length() ? glob.charAt(g + width - 1) : -1;
  }
}
