package dev.agentguard.core.net;

import dev.agentguard.api.Decision;
import java.net.InetAddress;
import java.util.List;

/**
 * What {@link NetworkCheck#resolveTarget} hands to the code that opens the connection: the decision, the parsed
 * target (absent when the URL could not be parsed) and the addresses the decision checked. A connection must
 * use exactly {@link #addresses()}, never resolve the name again. Immutable.
 */
public final class ResolvedTarget {

  private final Decision decision;
  private final StrictUrl url;
  private final List<InetAddress> addresses;

  ResolvedTarget(Decision decision, StrictUrl url, List<InetAddress> addresses) {
    this.decision = decision;
    this.url = url;
    this.addresses = List.copyOf(addresses);
  }

  /**
   * The check's decision about the URL.
   *
   * @return the check's decision about the URL
   */
  public Decision decision() {
    return decision;
  }

  /**
   * Whether the URL was parsed; when not, only {@link #decision()} is meaningful.
   *
   * @return whether the URL was parsed; when not, only {@link #decision()} is meaningful
   */
  public boolean parsed() {
    return url != null;
  }

  /**
   * The scheme in lower case.
   *
   * @return the scheme in lower case
   */
  public String scheme() {
    return parsedUrl().scheme();
  }

  /**
   * The canonical host: a lower-case name, an IPv4 literal or an IPv6 literal without brackets.
   *
   * @return the canonical host: a lower-case name, an IPv4 literal or an IPv6 literal without brackets
   */
  public String host() {
    return parsedUrl().host();
  }

  /**
   * The host as it appears in a URL (an IPv6 literal in brackets).
   *
   * @return the host as it appears in a URL (an IPv6 literal in brackets)
   */
  public String hostForUrl() {
    return parsedUrl().hostForUrl();
  }

  /**
   * The port, the scheme's default when the URL gave none.
   *
   * @return the port, the scheme's default when the URL gave none
   */
  public int port() {
    return parsedUrl().port();
  }

  /**
   * Whether {@link #port()} is the scheme's default port.
   *
   * @return whether {@link #port()} is the scheme's default port
   */
  public boolean defaultPort() {
    return StrictUrl.DEFAULT_PORTS.get(parsedUrl().scheme()) == parsedUrl().port();
  }

  /**
   * The addresses the decision checked: the literal, or the resolver's answers; empty when the name was judged
   * by name alone (for example when it was denied before resolution).
   * @return the addresses the decision checked: the literal, or the resolver's answers; empty when the name was
   *     judged by name alone (for example when it was denied before resolution)
   */
  public List<InetAddress> addresses() {
    return addresses;
  }

  StrictUrl url() {
    return url;
  }

  private StrictUrl parsedUrl() {
    if (url == null) {
      throw new IllegalStateException("the URL was not parsed");
    }
    return url;
  }

  @Override
  public String toString() {
    return "ResolvedTarget[" + decision + ", " + url + ", addresses=" + addresses + "]";
  }
}
