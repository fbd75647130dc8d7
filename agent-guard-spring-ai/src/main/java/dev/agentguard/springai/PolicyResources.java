package dev.agentguard.springai;

import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyException;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Loads the policy named by {@code agent-guard.policy}: a Spring resource location or a plain file path. */
final class PolicyResources {

  private PolicyResources() {}

  static Policy load(String location, ResourceLoader loader) {
    if (location == null || location.isBlank()) {
      throw new IllegalStateException("agent-guard.policy is empty: name a policy file, or set "
          + "agent-guard.enabled=false");
    }
    try {
      if (!location.contains(":") || location.matches("(?i)^[a-z]:[\\\\/].*")) {
        Path file = Path.of(location);
        if (!Files.isRegularFile(file)) {
          throw new IllegalStateException("agent-guard: no policy file at " + file.toAbsolutePath()
              + " (agent-guard.policy)");
        }
        return PolicyLoader.load(file);
      }
      Resource resource = loader.getResource(location);
      if (!resource.exists()) {
        throw new IllegalStateException("agent-guard: no policy at " + location + " (set agent-guard.policy, or "
            + "agent-guard.enabled=false)");
      }
      String text;
      try (InputStream in = resource.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      PolicyLoader.Format format = location.toLowerCase(Locale.ROOT).endsWith(".json")
          ? PolicyLoader.Format.JSON : PolicyLoader.Format.YAML;
      return PolicyLoader.parse(text, location, format);
    } catch (PolicyException e) {
      throw new IllegalStateException("agent-guard: the policy " + location + " is invalid: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("agent-guard: cannot read the policy " + location + ": " + e.getMessage(), e);
    }
  }
}
