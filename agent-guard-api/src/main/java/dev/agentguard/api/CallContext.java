package dev.agentguard.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who made a tool call and why: the agent, the conversation, the principal it acts for, the working directory,
 * the agent's rationale and the alternatives it weighed, and free attributes. Immutable.
 */
public final class CallContext {

  private static final CallContext EMPTY = builder().build();

  private final String agentId;
  private final String agentName;
  private final String conversationId;
  private final String principal;
  private final String workingDirectory;
  private final String rationale;
  private final List<String> alternatives;
  private final Map<String, String> attributes;

  private CallContext(Builder b) {
    this.agentId = b.agentId;
    this.agentName = b.agentName;
    this.conversationId = b.conversationId;
    this.principal = b.principal;
    this.workingDirectory = b.workingDirectory;
    this.rationale = b.rationale;
    this.alternatives = List.copyOf(b.alternatives);
    this.attributes = Map.copyOf(b.attributes);
  }

  /**
   * Returns a context that knows nothing about the caller.
   *
   * @return a context that knows nothing about the caller
   */
  public static CallContext empty() {
    return EMPTY;
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this context's values.
   *
   * @return a builder holding this context's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.agentId = agentId;
    b.agentName = agentName;
    b.conversationId = conversationId;
    b.principal = principal;
    b.workingDirectory = workingDirectory;
    b.rationale = rationale;
    b.alternatives.addAll(alternatives);
    b.attributes.putAll(attributes);
    return b;
  }

  /**
   * The agent's id, if known.
   *
   * @return the agent's id, if known
   */
  public Optional<String> agentId() {
    return Optional.ofNullable(agentId);
  }

  /**
   * The agent's name, if known.
   *
   * @return the agent's name, if known
   */
  public Optional<String> agentName() {
    return Optional.ofNullable(agentName);
  }

  /**
   * The conversation (session) the call belongs to, if known.
   *
   * @return the conversation (session) the call belongs to, if known
   */
  public Optional<String> conversationId() {
    return Optional.ofNullable(conversationId);
  }

  /**
   * The user on whose behalf the agent acts, if known.
   *
   * @return the user on whose behalf the agent acts, if known
   */
  public Optional<String> principal() {
    return Optional.ofNullable(principal);
  }

  /**
   * The working directory relative paths are resolved against, as given; it must lie inside the guard's
   * workspace. Empty means the workspace itself.
   *
   * @return the working directory relative paths are resolved against, as given; it must lie inside the guard's
   *     workspace
   */
  public Optional<String> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /**
   * Why the agent chose this call, in its own words, if it said.
   *
   * @return the rationale, or empty when the agent gave none
   */
  public Optional<String> rationale() {
    return Optional.ofNullable(rationale);
  }

  /**
   * Other calls the agent considered, as it described them.
   *
   * @return the alternatives in the order given; empty when none (never {@code null}, unmodifiable)
   */
  public List<String> alternatives() {
    return alternatives;
  }

  /**
   * Free attributes set by the framework.
   *
   * @return the attributes (unmodifiable; empty when none were set)
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CallContext)) {
      return false;
    }
    CallContext that = (CallContext) o;
    return Objects.equals(agentId, that.agentId)
        && Objects.equals(agentName, that.agentName)
        && Objects.equals(conversationId, that.conversationId)
        && Objects.equals(principal, that.principal)
        && Objects.equals(workingDirectory, that.workingDirectory)
        && Objects.equals(rationale, that.rationale)
        && alternatives.equals(that.alternatives)
        && attributes.equals(that.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        agentId, agentName, conversationId, principal, workingDirectory, rationale, alternatives, attributes);
  }

  @Override
  public String toString() {
    return "CallContext{agentId=" + agentId + ", agentName=" + agentName + ", conversationId=" + conversationId
        + ", principal=" + principal + ", workingDirectory=" + workingDirectory + "}";
  }

  /** Builds a {@link CallContext}. Not thread-safe. */
  public static final class Builder {
    private String agentId;
    private String agentName;
    private String conversationId;
    private String principal;
    private String workingDirectory;
    private String rationale;
    private final java.util.ArrayList<String> alternatives = new java.util.ArrayList<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the agent's id.
     *
     * @param agentId the id the framework gives the agent; not {@code null}
     * @return this builder
     */
    public Builder agentId(String agentId) {
      this.agentId = Checks.notNull(agentId, "agentId");
      return this;
    }

    /**
     * Sets the agent's name.
     *
     * @param agentName the agent's display name; not {@code null}
     * @return this builder
     */
    public Builder agentName(String agentName) {
      this.agentName = Checks.notNull(agentName, "agentName");
      return this;
    }

    /**
     * Sets the conversation (session) id.
     *
     * @param conversationId the id of the conversation; session-scoped approvals are kept per conversation id;
     *     not {@code null}
     * @return this builder
     */
    public Builder conversationId(String conversationId) {
      this.conversationId = Checks.notNull(conversationId, "conversationId");
      return this;
    }

    /**
     * Sets the principal the agent acts for.
     *
     * @param principal the user or service account the agent acts for; not {@code null}
     * @return this builder
     */
    public Builder principal(String principal) {
      this.principal = Checks.notNull(principal, "principal");
      return this;
    }

    /**
     * Sets the working directory, as given by the framework.
     *
     * @param workingDirectory the directory relative paths of the call are meant against, as text; not {@code null}
     * @return this builder
     */
    public Builder workingDirectory(String workingDirectory) {
      this.workingDirectory = Checks.notNull(workingDirectory, "workingDirectory");
      return this;
    }

    /**
     * Sets the working directory.
     *
     * @param workingDirectory the directory relative paths of the call are meant against; not {@code null}
     * @return this builder
     */
    public Builder workingDirectory(Path workingDirectory) {
      return workingDirectory(Checks.notNull(workingDirectory, "workingDirectory").toString());
    }

    /**
     * Sets the agent's rationale for the call.
     *
     * @param rationale the agent's explanation, in its own words; not {@code null}
     * @return this builder
     */
    public Builder rationale(String rationale) {
      this.rationale = Checks.notNull(rationale, "rationale");
      return this;
    }

    /**
     * Adds an alternative the agent considered.
     *
     * @param alternative one alternative call, as the agent described it; not {@code null}
     * @return this builder
     */
    public Builder alternative(String alternative) {
      alternatives.add(Checks.notNull(alternative, "alternative"));
      return this;
    }

    /**
     * Replaces the alternatives the agent considered.
     *
     * @param alternatives the alternatives, copied; neither the list nor an element may be {@code null}
     * @return this builder
     */
    public Builder alternatives(List<String> alternatives) {
      List<String> copy = Checks.copyOf(alternatives, "alternatives");
      this.alternatives.clear();
      this.alternatives.addAll(copy);
      return this;
    }

    /**
     * Sets a free attribute.
     *
     * @param key the attribute's name; not {@code null}
     * @param value its value, replacing any earlier value for {@code key}; not {@code null}
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      attributes.put(Checks.notNull(key, "key"), Checks.notNull(value, "value"));
      return this;
    }

    /**
     * Returns the context.
     *
     * @return the context
     */
    public CallContext build() {
      return new CallContext(this);
    }
  }
}
