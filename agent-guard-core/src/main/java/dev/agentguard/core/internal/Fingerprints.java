package dev.agentguard.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.check.JsonValue;
import dev.agentguard.core.json.Json;
import dev.agentguard.core.json.JsonNodeValue;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Computes the fingerprint an approval is bound to: HMAC-SHA256 (lower-case hex), under a secret key, of the
 * canonical JSON of the tool name, the arguments (object keys sorted, no insignificant whitespace, every number
 * exactly as written, so {@code 1}, {@code 1.0} and {@code 1e0} differ), the call's working directory when it
 * names one, the resources, and what the checks resolved them to (real paths, addresses, parsed argv). Two calls
 * share a fingerprint exactly when they ask the same thing of the same targets.
 *
 * <p>Keyed, because fingerprints leave the process (audit log, telemetry, approval inbox): an unkeyed hash of
 * arguments that hold a 4-digit PIN is inverted by 10,000 guesses. Each guard draws a random key unless the host
 * gives one ({@code AgentGuard.Builder.fingerprintKey}); hosts that must agree on fingerprints (several
 * replicas sharing an approval store) configure the same key. Immutable and thread-safe.
 */
public final class Fingerprints {

  /** The shortest key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  private static final JsonNodeFactory NODES = Json.nodes();
  private static final Fingerprints PROCESS = random();

  private final HashFunction mac;

  private Fingerprints(byte[] key) {
    this.mac = Hashing.hmacSha256(key);
  }

  /**
   * Fingerprints keyed with {@code key} (at least {@value #MIN_KEY_BYTES} bytes; copied).
   *
   * @param key the HMAC-SHA256 key
   * @return fingerprints under that key
   * @throws IllegalArgumentException if the key is shorter
   */
  public static Fingerprints withKey(byte[] key) {
    Objects.requireNonNull(key, "key must not be null");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a fingerprint key needs at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
    }
    return new Fingerprints(key.clone());
  }

  /**
   * Fingerprints keyed with a fresh random 256-bit key: the guard's default.
   *
   * @return fingerprints under a new random key
   */
  public static Fingerprints random() {
    byte[] key = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new Fingerprints(key);
  }

  /**
   * Returns the fingerprint of {@code call} touching {@code resources}, keyed with this process's random key
   * (a guard uses its own key: see {@link #fingerprint(ToolCall, List)}).
   *
   * @param call the call
   * @param resources what the call touches
   * @return the fingerprint, as lower-case hex
   * @throws IllegalArgumentException if the call's arguments are not valid JSON, repeat a key, or have text
   *     after the value
   */
  public static String of(ToolCall call, List<Resource> resources) {
    return PROCESS.fingerprint(call, resources);
  }

  /**
   * Returns the fingerprint of {@code call} touching {@code resources}.
   *
   * @param call the call
   * @param resources what the call touches
   * @return the fingerprint of {@code call} touching {@code resources}
   * @throws IllegalArgumentException if the call's arguments are not valid JSON, repeat a key, or have text
   *     after the value
   */
  public String fingerprint(ToolCall call, List<Resource> resources) {
    Objects.requireNonNull(call, "call must not be null");
    Objects.requireNonNull(resources, "resources must not be null");
    JsonNode args;
    try {
      args = Json.parse(call.argumentsJson());
    } catch (Json.Malformed e) {
      throw new IllegalArgumentException("arguments are not valid JSON: " + e.getMessage(), e);
    }
    return fingerprint(call.toolName(), JsonNodeValue.of(args), call.context().workingDirectory().orElse(null),
        resources, List.of());
  }

  /**
   * Returns the fingerprint of a call to {@code toolName} with parsed {@code arguments}, run in
   * {@code workingDirectory} ({@code null} for none), touching {@code resources} that the checks resolved to
   * {@code resolved} (one line per resolved target, in order; empty when nothing was resolved).
   *
   * @param toolName the tool's name
   * @param arguments the call's arguments as read (a view from core's reader, or any {@link JsonValue}, whose
   *     JSON text is then read strictly)
   * @param workingDirectory the call's working directory, or null
   * @param resources the resources the descriptor found
   * @param resolved what the checks resolved them to, one line per target
   * @return the fingerprint
   * @throws IllegalArgumentException if a foreign {@code arguments}' JSON text is not valid JSON
   */
  public String fingerprint(String toolName, JsonValue arguments, String workingDirectory, List<Resource> resources,
      List<String> resolved) {
    Objects.requireNonNull(toolName, "toolName must not be null");
    Objects.requireNonNull(arguments, "arguments must not be null");
    Objects.requireNonNull(resources, "resources must not be null");
    Objects.requireNonNull(resolved, "resolved must not be null");
    ObjectNode root = NODES.objectNode();
    root.put("tool", toolName);
    root.set("arguments", canonical(JsonNodeValue.nodeOf(arguments)));
    if (workingDirectory != null) {
      root.put("workingDirectory", workingDirectory);
    }
    ArrayNode res = root.putArray("resources");
    for (Resource r : resources) {
      Objects.requireNonNull(r, "resources must not contain null");
      res.add(resource(r));
    }
    if (!resolved.isEmpty()) {
      ArrayNode targets = root.putArray("resolved");
      resolved.forEach(targets::add);
    }
    return mac.hashString(Json.write(root), StandardCharsets.UTF_8).toString();
  }

  private static ObjectNode resource(Resource r) {
    ObjectNode n = NODES.objectNode();
    n.put("kind", r.kind().label());
    if (r instanceof Resource.FileAccess) {
      n.put("path", ((Resource.FileAccess) r).path());
      n.put("access", ((Resource.FileAccess) r).access().name());
    } else if (r instanceof Resource.NetworkAccess) {
      n.put("url", ((Resource.NetworkAccess) r).url());
    } else {
      Resource.CommandExec c = (Resource.CommandExec) r;
      if (c.isCommandLine()) {
        n.put("line", c.commandLine());
      } else {
        ArrayNode argv = n.putArray("argv");
        c.argv().forEach(argv::add);
      }
    }
    return n;
  }

  /** Returns a copy of {@code node} with every object's keys sorted; numbers keep their spelling. */
  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      Collections.sort(names);
      ObjectNode out = NODES.objectNode();
      for (String name : names) {
        out.set(name, canonical(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode child : node) {
        out.add(canonical(child));
      }
      return out;
    }
    return node;
  }

  @Override
  public String toString() {
    return "Fingerprints{HMAC-SHA256, key hidden}";
  }
}
