package dev.agentguard.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.core.telemetry.Redactor;
import java.util.List;

/**
 * What the page shows of a waiting request, as JSON: everything a person needs to decide, with secrets in the
 * arguments, rationale and resources masked. The page puts every value into the document as text.
 */
final class PendingView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PendingView() {}

  static String toJson(List<ApprovalRequest> pending, Redactor redactor) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("pending");
    for (ApprovalRequest r : pending) {
      list.add(view(r, redactor));
    }
    return root.toString();
  }

  private static ObjectNode view(ApprovalRequest r, Redactor redactor) {
    ObjectNode n = JSON.createObjectNode();
    n.put("requestId", r.requestId());
    n.put("fingerprint", r.fingerprint());
    n.put("tool", r.call().toolName());
    n.put("arguments", redactor.redactJson(r.call().argumentsJson()));
    ArrayNode resources = n.putArray("resources");
    for (Resource res : r.resources()) {
      resources.add(redactor.redactText(describe(res)));
    }
    ArrayNode reasons = n.putArray("reasons");
    for (Decision d : r.reasons()) {
      reasons.addObject().put("verdict", d.verdict().label()).put("check", d.check()).put("rule", d.rule())
          .put("reason", redactor.redactText(d.reason()));
    }
    CallContext c = r.call().context();
    c.rationale().ifPresent(v -> n.put("rationale", redactor.redactText(v)));
    ArrayNode alternatives = n.putArray("alternatives");
    c.alternatives().forEach(a -> alternatives.add(redactor.redactText(a)));
    c.agentName().or(c::agentId).ifPresent(v -> n.put("agent", v));
    c.conversationId().ifPresent(v -> n.put("conversation", v));
    c.principal().ifPresent(v -> n.put("principal", v));
    n.put("createdAt", r.createdAt().toString());
    n.put("expiresAt", r.expiresAt().toString());
    return n;
  }

  static String describe(Resource r) {
    if (r instanceof Resource.FileAccess) {
      Resource.FileAccess f = (Resource.FileAccess) r;
      return "file " + f.access().name().toLowerCase(java.util.Locale.ROOT) + " " + f.path();
    }
    if (r instanceof Resource.NetworkAccess) {
      return "url " + ((Resource.NetworkAccess) r).url();
    }
    Resource.CommandExec c = (Resource.CommandExec) r;
    return "command " + (c.isCommandLine() ? c.commandLine() : String.join(" ", c.argv()));
  }
}
