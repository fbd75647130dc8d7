package dev.agentguard.core.check;

/**
 * Analysis limits. Past any of them the verdict is DENY, never ASK or ALLOW.
 *
 * @param maxArgumentBytes largest arguments JSON accepted, in UTF-16 chars (default 1 MiB)
 * @param maxCommandLength longest command line analysed (default 128 KiB)
 * @param maxCommandParts most parts in one compound command (default 50)
 * @param maxShellNesting deepest {@code sh -c} nesting analysed (default 3)
 */
public record GuardLimits(int maxArgumentBytes, int maxCommandLength, int maxCommandParts, int maxShellNesting) {

  /** The defaults. */
  public static final GuardLimits DEFAULTS = new GuardLimits(1 << 20, 128 << 10, 50, 3);

  /**
   * Validates that every limit is positive.
   *
   * @param maxArgumentBytes largest arguments JSON accepted, in UTF-16 chars (default 1 MiB)
   * @param maxCommandLength longest command line analysed (default 128 KiB)
   * @param maxCommandParts most parts in one compound command (default 50)
   * @param maxShellNesting deepest {@code sh -c} nesting analysed (default 3)
   */
  public GuardLimits {
    if (maxArgumentBytes <= 0 || maxCommandLength <= 0 || maxCommandParts <= 0 || maxShellNesting < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /**
   * A copy with another argument size limit.
   *
   * @return a copy with another argument size limit
   */
  public GuardLimits withMaxArgumentBytes(int max) {
    return new GuardLimits(max, maxCommandLength, maxCommandParts, maxShellNesting);
  }
}
