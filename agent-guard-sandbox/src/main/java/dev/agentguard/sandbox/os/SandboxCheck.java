package dev.agentguard.sandbox.os;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.policy.SandboxMode;
import dev.agentguard.core.policy.SandboxSettings;
import java.util.List;
import java.util.Objects;

/**
 * A guard check that says, for every call that runs a command, whether the command will be confined: with
 * {@code sandbox.mode: required} and no working sandbox the call is denied (rule {@value #RULE_UNAVAILABLE});
 * with {@code preferred} it is allowed and the decision says it runs unconfined and why (so every event, span and
 * audit record of the call says so); otherwise the decision names the mechanism. Add it to a guard whose tools
 * run commands through a sandboxed {@code GuardedProcess}: {@code AgentGuard.builder().check(new
 * SandboxCheck(...))}. Thread-safe.
 */
public final class SandboxCheck implements GuardCheck {

  /** The check's name. */
  public static final String NAME = "sandbox";
  /** Denied: the sandbox is required and cannot start. */
  public static final String RULE_UNAVAILABLE = SandboxSettings.RULE_UNAVAILABLE;
  /** Allowed: the command runs confined. */
  public static final String RULE_CONFINED = "sandbox.confined";
  /** Allowed, unconfined: {@code preferred} and the sandbox cannot start, or {@code off}. */
  public static final String RULE_UNCONFINED = "sandbox.unconfined";

  private final SandboxMode mode;
  private final OsSandbox sandbox;
  private final boolean network;

  /**
   * Creates the check.
   *
   * @param mode the policy's sandbox mode
   * @param sandbox the sandbox commands run in
   * @param network whether commands get the network through the egress proxy (then the forwarder is needed)
   */
  public SandboxCheck(SandboxMode mode, OsSandbox sandbox, boolean network) {
    this.mode = Objects.requireNonNull(mode, "mode must not be null");
    this.sandbox = Objects.requireNonNull(sandbox, "sandbox must not be null");
    this.network = network;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    if (request.resources().stream().noneMatch(r -> r instanceof Resource.CommandExec)) {
      return List.of();
    }
    return List.of(decide());
  }

  /**
   * The decision for a command run now: confined, unconfined (and why), or refused.
   *
   * @return an ALLOW naming the mechanism or saying why the command runs unconfined, or a DENY (rule
   *     {@value #RULE_UNAVAILABLE}) when the sandbox is required and cannot start
   */
  public Decision decide() {
    if (mode == SandboxMode.OFF) {
      return Decision.allow(NAME, RULE_UNCONFINED, "runs unconfined: sandbox.mode is off");
    }
    Availability a = sandbox.availability(network);
    if (a.available()) {
      return Decision.allow(NAME, RULE_CONFINED, "runs confined by " + a.reason());
    }
    if (mode == SandboxMode.REQUIRED) {
      return Decision.deny(NAME, RULE_UNAVAILABLE, "the OS sandbox is required (sandbox.mode: required) and cannot"
          + " start: " + a.reason());
    }
    return Decision.allow(NAME, RULE_UNCONFINED, "runs unconfined (sandbox.mode: preferred): " + a.reason());
  }
}
