package dev.agentguard.langchain4j;

import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link GuardedToolExecutor} fills the guard's call context from LangChain4j's invocation: which
 * invocation parameter names the principal and which the working directory, and where the model's rationale
 * comes from. Immutable.
 *
 * <p>Invocation parameters are set by the host application ({@code InvocationParameters} passed to the AI
 * service method), never by the model, so they may name the principal and the working directory.
 */
public final class GuardSettings {

  /** Default invocation parameter holding the principal: {@code principal}. */
  public static final String DEFAULT_PRINCIPAL_PARAMETER = "principal";

  /** Default invocation parameter holding the working directory: {@code workingDirectory}. */
  public static final String DEFAULT_WORKING_DIRECTORY_PARAMETER = "workingDirectory";

  private static final GuardSettings DEFAULTS = builder().build();

  private final String principalParameter;
  private final String workingDirectoryParameter;
  private final AgentRationale rationale;

  private GuardSettings(Builder b) {
    this.principalParameter = b.principalParameter;
    this.workingDirectoryParameter = b.workingDirectoryParameter;
    this.rationale = b.rationale;
  }

  /**
   * The defaults: parameters {@code principal} and {@code workingDirectory}, no rationale source.
   *
   * @return the defaults: parameters {@code principal} and {@code workingDirectory}, no rationale source
   */
  public static GuardSettings defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a builder starting from the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The invocation parameter whose value becomes the call's principal.
   *
   * @return the invocation parameter whose value becomes the call's principal
   */
  public String principalParameter() {
    return principalParameter;
  }

  /**
   * The invocation parameter whose value becomes the call's working directory.
   *
   * @return the invocation parameter whose value becomes the call's working directory
   */
  public String workingDirectoryParameter() {
    return workingDirectoryParameter;
  }

  /**
   * Where the model's rationale comes from, if configured.
   *
   * @return the rationale source, or empty when none is configured
   */
  public Optional<AgentRationale> rationale() {
    return Optional.ofNullable(rationale);
  }

  /** Builds {@link GuardSettings}. Not thread-safe. */
  public static final class Builder {
    private String principalParameter = DEFAULT_PRINCIPAL_PARAMETER;
    private String workingDirectoryParameter = DEFAULT_WORKING_DIRECTORY_PARAMETER;
    private AgentRationale rationale;

    private Builder() {}

    /**
     * Sets the invocation parameter that names the principal.
     *
     * @param name the parameter's name (default {@value #DEFAULT_PRINCIPAL_PARAMETER}); not {@code null}
     * @return this builder
     */
    public Builder principalParameter(String name) {
      this.principalParameter = Objects.requireNonNull(name, "name must not be null");
      return this;
    }

    /**
     * Sets the invocation parameter that names the working directory.
     *
     * @param name the parameter's name (default {@value #DEFAULT_WORKING_DIRECTORY_PARAMETER}); not {@code null}
     * @return this builder
     */
    public Builder workingDirectoryParameter(String name) {
      this.workingDirectoryParameter = Objects.requireNonNull(name, "name must not be null");
      return this;
    }

    /**
     * Sets where the model's rationale comes from. The same {@link AgentRationale} must be registered as a
     * listener with the AI service ({@code AiServices.registerListener(rationale)}).
     *
     * @param rationale the rationale source; not {@code null}
     * @return this builder
     */
    public Builder rationale(AgentRationale rationale) {
      this.rationale = Objects.requireNonNull(rationale, "rationale must not be null");
      return this;
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public GuardSettings build() {
      return new GuardSettings(this);
    }
  }
}
