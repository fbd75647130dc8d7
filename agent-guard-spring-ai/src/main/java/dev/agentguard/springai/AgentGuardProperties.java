package dev.agentguard.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code agent-guard.*} properties.
 *
 * <pre>
 * agent-guard.enabled=true                          # false turns the auto-configuration off
 * agent-guard.policy=classpath:agent-guard.yaml     # or a file path, or file:/...
 * agent-guard.workspace=/srv/agent/workspace        # default: the current directory
 * agent-guard.home=/home/agent                      # default: user.home
 * </pre>
 */
@ConfigurationProperties(prefix = "agent-guard")
public class AgentGuardProperties {

  private boolean enabled = true;
  private String policy = "classpath:agent-guard.yaml";
  private String workspace;
  private String home;

  /** Creates properties holding the defaults. */
  public AgentGuardProperties() {}

  /**
   * Whether agent-guard guards the application's tools (default true).
   *
   * @return whether guarding is on
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether agent-guard guards the application's tools.
   *
   * @param enabled whether guarding is on
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The policy: {@code classpath:...}, {@code file:...} or a file path (default classpath:agent-guard.yaml).
   *
   * @return the policy location
   */
  public String getPolicy() {
    return policy;
  }

  /**
   * Sets the policy location.
   *
   * @param policy {@code classpath:...}, {@code file:...} or a file path
   */
  public void setPolicy(String policy) {
    this.policy = policy;
  }

  /**
   * The workspace directory ({@code ${workspace}} in the policy); default the current directory.
   *
   * @return the workspace directory, or {@code null} for the current directory
   */
  public String getWorkspace() {
    return workspace;
  }

  /**
   * Sets the workspace directory.
   *
   * @param workspace the workspace directory
   */
  public void setWorkspace(String workspace) {
    this.workspace = workspace;
  }

  /**
   * The home directory ({@code ~} and {@code ${home}} in the policy); default {@code user.home}.
   *
   * @return the home directory, or {@code null} for {@code user.home}
   */
  public String getHome() {
    return home;
  }

  /**
   * Sets the home directory.
   *
   * @param home the home directory
   */
  public void setHome(String home) {
    this.home = home;
  }
}
