package dev.agentguard.otel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this module, read once from the {@code version.properties} the build fills in. */
final class ScopeVersion {

  /** This module's version, such as {@code 0.2.0}; the instrumentation scope version of spans and metrics. */
  static final String VERSION = load();

  private ScopeVersion() {}

  private static String load() {
    try (InputStream in = ScopeVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("dev/agentguard/otel/version.properties is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("version", "").strip();
      if (version.isEmpty() || version.startsWith("${")) {
        throw new IllegalStateException("dev/agentguard/otel/version.properties was not filled in by the build");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
