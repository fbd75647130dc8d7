package dev.agentguard.core.exec;

/**
 * Something a sed script or an awk program does beyond reading its input and printing.
 *
 * @param kind what it does
 * @param file the file read or written, or {@code ""} for {@link Kind#RUN} and {@link Kind#UNKNOWN}
 * @param what the construct, for reasons (such as {@code sed command 'w'})
 */
record ScriptEffect(Kind kind, String file, String what) {

  /** Kinds of effect. */
  enum Kind {
    /** Runs a command. */
    RUN,
    /** Reads the file. */
    READ,
    /** Writes the file. */
    WRITE,
    /** Cannot be analysed (a computed file name, an unknown command, an include). */
    UNKNOWN
  }

  static ScriptEffect run(String what) {
    return new ScriptEffect(Kind.RUN, "", what);
  }

  static ScriptEffect unknown(String what) {
    return new ScriptEffect(Kind.UNKNOWN, "", what);
  }
}
