package dev.agentguard.sandbox;

import java.util.regex.Pattern;

/**
 * What a client asked the {@link EgressProxy} for, read from its request head: a {@code CONNECT host:port} tunnel
 * or a plain HTTP request in absolute form, the URL the network check judges, and the request body's length.
 * Anything else (a malformed request line, another target form, bad body framing) is a {@link BadRequest}, found
 * before any upstream connection is opened.
 *
 * @param head the request head
 * @param method the request method
 * @param target the request target as sent
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param connect whether this is a {@code CONNECT} tunnel
 * @param url the URL the network check judges
 * @param length the request body's length in bytes (0 for a tunnel)
 */
record ProxyRequest(HttpHead head, String method, String target, String version, boolean connect, String url,
    long length) {

  private static final Pattern CONNECT_AUTHORITY =
      Pattern.compile("(\\[[0-9A-Fa-f:.%]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");

  /** Reads the request a head asks for. */
  static ProxyRequest of(HttpHead head) throws BadRequest {
    String[] parts = head.startLine().split(" ", -1);
    if (parts.length != 3 || !HttpHead.TOKEN.matcher(parts[0]).matches()
        || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
      throw new BadRequest(400, "malformed request line");
    }
    String method = parts[0];
    String target = parts[1];
    if (method.equals("CONNECT")) {
      if (!CONNECT_AUTHORITY.matcher(target).matches()) {
        throw new BadRequest(400, "CONNECT needs host:port");
      }
      return new ProxyRequest(head, method, target, parts[2], true, "https://" + target + "/", 0);
    }
    if (!target.regionMatches(true, 0, "http://", 0, 7)) {
      throw new BadRequest(400, "only absolute http:// targets and CONNECT are proxied");
    }
    return new ProxyRequest(head, method, target, parts[2], false, target, bodyLength(head));
  }

  /** The request body's length from its framing; bad framing is refused before anything goes upstream. */
  private static long bodyLength(HttpHead head) throws BadRequest {
    if (head.first("Transfer-Encoding") != null) {
      throw new BadRequest(411, "chunked request bodies are not proxied; send Content-Length");
    }
    if (head.count("Content-Length") > 1) {
      throw new BadRequest(400, "several Content-Length headers");
    }
    String cl = head.first("Content-Length");
    if (cl == null) {
      return 0;
    }
    if (!cl.matches("[0-9]{1,15}")) {
      throw new BadRequest(400, "malformed Content-Length");
    }
    return Long.parseLong(cl);
  }

  /** The target in origin form for the upstream request line: path and query, no fragment, never empty. */
  String originForm() {
    int pathStart = target.indexOf("://") + 3;
    while (pathStart < target.length() && "/?#".indexOf(target.charAt(pathStart)) < 0) {
      pathStart++;
    }
    String path = target.substring(pathStart);
    int hash = path.indexOf('#');
    if (hash >= 0) {
      path = path.substring(0, hash);
    }
    if (path.isEmpty() || path.charAt(0) == '?') {
      path = "/" + path;
    }
    return path;
  }
}
