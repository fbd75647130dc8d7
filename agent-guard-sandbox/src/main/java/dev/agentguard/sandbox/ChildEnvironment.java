package dev.agentguard.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a {@link GuardedProcess} gives its commands: the parent's variables on an allowlist (the
 * defaults unless they look secret, plus those passed explicitly), then the variables set on the builder.
 * Immutable.
 */
final class ChildEnvironment {

  private final Set<String> passEnv;
  private final Map<String, String> setEnv;
  private final Map<String, String> baseEnv;

  /** An environment from copies of the builder's settings; {@code baseEnv} {@code null} means the real one. */
  ChildEnvironment(Set<String> passEnv, Map<String, String> setEnv, Map<String, String> baseEnv) {
    this.passEnv = Set.copyOf(passEnv);
    this.setEnv = Map.copyOf(setEnv);
    this.baseEnv = baseEnv == null ? null : Map.copyOf(baseEnv);
  }

  /** The allowed variables of the parent environment plus those set on the builder, in a new mutable map. */
  Map<String, String> build() {
    Map<String, String> source = baseEnv != null ? baseEnv : System.getenv();
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : source.entrySet()) {
      String name = e.getKey();
      boolean explicit = passEnv.contains(name);
      boolean byDefault = (GuardedProcess.DEFAULT_ENV.contains(name) || name.startsWith("LC_")) && !looksSecret(name);
      if (explicit || byDefault) {
        env.put(name, e.getValue());
      }
    }
    env.putAll(setEnv);
    return env;
  }

  /** Whether a variable name looks like it holds a secret. */
  static boolean looksSecret(String name) {
    String n = name.toUpperCase(java.util.Locale.ROOT);
    return n.endsWith("_TOKEN") || n.endsWith("_KEY") || n.endsWith("_SECRET") || n.startsWith("AWS_")
        || n.contains("PASSWORD") || n.contains("SECRET") || n.contains("TOKEN") || n.contains("CREDENTIAL")
        || n.contains("API_KEY") || n.contains("PASSWD");
  }
}
