package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PolicyLoader reads {@code classpath:} resources as well as files, with the same errors and limits. */
class PolicyLoaderLocationTest {

  @TempDir
  Path dir;

  @Test
  void aClasspathResourceLoadsLikeTheSameFile() throws Exception {
    Policy fromClasspath = PolicyLoader.load("classpath:policy/full.yaml");
    Policy fromFile = PolicyLoader.load(Path.of("src/test/resources/policy/full.yaml"));
    assertThat(fromClasspath).isEqualTo(fromFile);
    assertThat(PolicyLoader.load("file:src/test/resources/policy/full.json"))
        .isEqualTo(PolicyLoader.load(Path.of("src/test/resources/policy/full.json")));
  }

  @Test
  void aMissingResourceIsAnIoErrorNamingIt() {
    assertThatThrownBy(() -> PolicyLoader.load("classpath:policy/nope.yaml"))
        .isInstanceOf(FileNotFoundException.class).hasMessageContaining("policy/nope.yaml");
  }

  @Test
  void errorsInAResourceNameItsClasspathLocation() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "version: 1\nmode: sometimes\n", StandardCharsets.UTF_8);
    Files.write(dir.resolve("latin1.yaml"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> PolicyLoader.loadResource("bad.yaml", loader))
          .isInstanceOf(PolicyException.class).hasMessageContaining("classpath:bad.yaml:2:");
      assertThatThrownBy(() -> PolicyLoader.loadResource("latin1.yaml", loader))
          .isInstanceOf(PolicyException.class).hasMessageContaining("not UTF-8");
    }
  }
}
