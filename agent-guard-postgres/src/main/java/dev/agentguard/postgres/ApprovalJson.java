package dev.agentguard.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.Access;
import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes approval requests and responses as JSON and reads them back to equal values. A field the reader does
 * not find, or finds with the wrong type, is an error: a row this library cannot read exactly is never guessed.
 */
final class ApprovalJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApprovalJson() {}

  static String write(ApprovalRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("requestId", r.requestId());
    ObjectNode call = n.putObject("call");
    call.put("id", r.call().id());
    call.put("tool", r.call().toolName());
    call.put("arguments", r.call().argumentsJson());
    call.set("context", context(r.call().context()));
    ArrayNode resources = n.putArray("resources");
    r.resources().forEach(res -> resources.add(resource(res)));
    ArrayNode reasons = n.putArray("reasons");
    for (Decision d : r.reasons()) {
      reasons.addObject().put("verdict", d.verdict().name()).put("check", d.check()).put("rule", d.rule())
          .put("reason", d.reason());
    }
    n.put("fingerprint", r.fingerprint());
    n.put("createdAt", r.createdAt().toString());
    n.put("expiresAt", r.expiresAt().toString());
    return n.toString();
  }

  static ApprovalRequest readRequest(String json) {
    JsonNode n = parse(json);
    JsonNode c = field(n, "call");
    ToolCall call = new ToolCall(text(c, "id"), text(c, "tool"), text(c, "arguments"), context(field(c, "context")));
    List<Resource> resources = new ArrayList<>();
    for (JsonNode r : array(n, "resources")) {
      resources.add(resource(r));
    }
    List<Decision> reasons = new ArrayList<>();
    for (JsonNode d : array(n, "reasons")) {
      reasons.add(new Decision(Verdict.valueOf(text(d, "verdict")), text(d, "check"), text(d, "rule"),
          text(d, "reason")));
    }
    return new ApprovalRequest(text(n, "requestId"), call, resources, reasons, text(n, "fingerprint"),
        Instant.parse(text(n, "createdAt")), Instant.parse(text(n, "expiresAt")));
  }

  static String write(ApprovalResponse r) {
    return JSON.createObjectNode().put("status", r.status().name()).put("decidedBy", r.decidedBy())
        .put("comment", r.comment()).put("scope", r.scope().name()).toString();
  }

  static ApprovalResponse readResponse(String json) {
    JsonNode n = parse(json);
    return new ApprovalResponse(ApprovalResponse.Status.valueOf(text(n, "status")), text(n, "decidedBy"),
        text(n, "comment"), ApprovalResponse.Scope.valueOf(text(n, "scope")));
  }

  private static ObjectNode context(CallContext c) {
    ObjectNode n = JSON.createObjectNode();
    c.agentId().ifPresent(v -> n.put("agentId", v));
    c.agentName().ifPresent(v -> n.put("agentName", v));
    c.conversationId().ifPresent(v -> n.put("conversationId", v));
    c.principal().ifPresent(v -> n.put("principal", v));
    c.workingDirectory().ifPresent(v -> n.put("workingDirectory", v));
    c.rationale().ifPresent(v -> n.put("rationale", v));
    ArrayNode alternatives = n.putArray("alternatives");
    c.alternatives().forEach(alternatives::add);
    ObjectNode attributes = n.putObject("attributes");
    c.attributes().forEach(attributes::put);
    return n;
  }

  private static CallContext context(JsonNode n) {
    CallContext.Builder b = CallContext.builder();
    optional(n, "agentId").ifPresent(b::agentId);
    optional(n, "agentName").ifPresent(b::agentName);
    optional(n, "conversationId").ifPresent(b::conversationId);
    optional(n, "principal").ifPresent(b::principal);
    optional(n, "workingDirectory").ifPresent(b::workingDirectory);
    optional(n, "rationale").ifPresent(b::rationale);
    for (JsonNode a : array(n, "alternatives")) {
      b.alternative(textValue(a, "alternatives[]"));
    }
    JsonNode attributes = field(n, "attributes");
    for (Map.Entry<String, JsonNode> e : attributes.properties()) {
      b.attribute(e.getKey(), textValue(e.getValue(), "attributes." + e.getKey()));
    }
    return b.build();
  }

  private static ObjectNode resource(Resource r) {
    ObjectNode n = JSON.createObjectNode();
    if (r instanceof Resource.FileAccess) {
      n.put("kind", "file").put("path", ((Resource.FileAccess) r).path())
          .put("access", ((Resource.FileAccess) r).access().name());
    } else if (r instanceof Resource.NetworkAccess) {
      n.put("kind", "url").put("url", ((Resource.NetworkAccess) r).url());
    } else {
      Resource.CommandExec c = (Resource.CommandExec) r;
      n.put("kind", "command");
      if (c.isCommandLine()) {
        n.put("line", c.commandLine());
      } else {
        ArrayNode argv = n.putArray("argv");
        c.argv().forEach(argv::add);
      }
    }
    return n;
  }

  private static Resource resource(JsonNode n) {
    String kind = text(n, "kind");
    switch (kind) {
      case "file":
        return new Resource.FileAccess(text(n, "path"), Access.valueOf(text(n, "access")));
      case "url":
        return new Resource.NetworkAccess(text(n, "url"));
      case "command":
        if (n.has("line")) {
          return Resource.CommandExec.line(text(n, "line"));
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode a : array(n, "argv")) {
          argv.add(textValue(a, "argv[]"));
        }
        return Resource.CommandExec.argv(argv);
      default:
        throw new IllegalArgumentException("unknown resource kind " + kind);
    }
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode field(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("missing object field " + name);
    }
    return v;
  }

  private static Iterable<JsonNode> array(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("missing array field " + name);
    }
    return v;
  }

  private static String text(JsonNode n, String name) {
    return textValue(n.get(name), name);
  }

  private static String textValue(JsonNode v, String name) {
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field " + name);
    }
    return v.textValue();
  }

  private static java.util.Optional<String> optional(JsonNode n, String name) {
    return n.has(name) ? java.util.Optional.of(text(n, name)) : java.util.Optional.empty();
  }
}
