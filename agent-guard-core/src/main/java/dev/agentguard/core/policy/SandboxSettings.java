package dev.agentguard.core.policy;

import java.util.Objects;

/**
 * The policy's {@code sandbox} section: {@code sandbox: { mode: required | preferred | off }}.
 *
 * @param mode how commands are confined; {@link SandboxMode#REQUIRED} when the section is absent
 */
public record SandboxSettings(SandboxMode mode) {

  /** Rule id of the refusal when {@code required} and the sandbox cannot start. */
  public static final String RULE_UNAVAILABLE = "sandbox.unavailable";

  /** The default: {@code required} (fail closed). */
  public static final SandboxSettings DEFAULTS = new SandboxSettings(SandboxMode.REQUIRED);

  /**
   * Validates the mode.
   *
   * @param mode how commands are confined; {@link SandboxMode#REQUIRED} when the section is absent
   */
  public SandboxSettings {
    Objects.requireNonNull(mode, "mode must not be null");
  }
}
