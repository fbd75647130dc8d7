package dev.agentguard.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.json.Json;
import dev.agentguard.core.telemetry.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The redacted views of the values that leave the guard: what listeners, telemetry, the audit log and approvers
 * get instead of the call itself. Every string goes through one {@link Redactor}: the arguments by their JSON
 * keys and values, the context's free text (rationale, alternatives, working directory) and attribute
 * values (by key and value; the host's identifiers for the agent, the conversation and the principal are kept),
 * resource paths, URLs and command words, decision reasons and answer comments. The guard keeps the real values for
 * itself: a view is only ever handed out. Stateless.
 */
public final class RedactedViews {

  private RedactedViews() {}

  /**
   * The call as it may be shown.
   *
   * @param call the real call
   * @param redactor the guard's redactor
   * @return the call with its arguments and context redacted
   */
  public static ToolCall call(ToolCall call, Redactor redactor) {
    Objects.requireNonNull(call, "call must not be null");
    Objects.requireNonNull(redactor, "redactor must not be null");
    return new ToolCall(call.id(), call.toolName(), redactor.redactJson(call.argumentsJson()),
        context(call.context(), redactor));
  }

  /**
   * The approval request as an approver may see it: the call, the resources and the reasons redacted; the id,
   * the fingerprint and the times unchanged.
   *
   * @param request the real request
   * @param redactor the guard's redactor
   * @return the redacted request
   */
  public static ApprovalRequest request(ApprovalRequest request, Redactor redactor) {
    Objects.requireNonNull(request, "request must not be null");
    return request(call(request.call(), redactor), request, redactor);
  }

  /**
   * As {@link #request(ApprovalRequest, Redactor)}, with the call already redacted.
   *
   * @param redactedCall the redacted call
   * @param request the real request
   * @param redactor the guard's redactor
   * @return the redacted request carrying {@code redactedCall}
   */
  public static ApprovalRequest request(ToolCall redactedCall, ApprovalRequest request, Redactor redactor) {
    return new ApprovalRequest(request.requestId(), redactedCall, resources(request.resources(), redactor),
        decisions(request.reasons(), redactor), request.fingerprint(), request.createdAt(), request.expiresAt());
  }

  /**
   * The answer as it may be shown: its comment redacted.
   *
   * @param response the answer
   * @param redactor the guard's redactor
   * @return the answer with its comment redacted
   */
  public static ApprovalResponse response(ApprovalResponse response, Redactor redactor) {
    if (response.comment().isEmpty()) {
      return response;
    }
    return new ApprovalResponse(response.status(), response.decidedBy(), redactor.redactText(response.comment()),
        response.scope());
  }

  /**
   * The resources as they may be shown: paths, URLs and command words redacted.
   *
   * @param resources the real resources
   * @param redactor the guard's redactor
   * @return the redacted resources, in order
   */
  public static List<Resource> resources(List<Resource> resources, Redactor redactor) {
    List<Resource> out = new ArrayList<>(resources.size());
    for (Resource r : resources) {
      if (r instanceof Resource.NetworkAccess) {
        out.add(new Resource.NetworkAccess(redactor.redactText(((Resource.NetworkAccess) r).url())));
      } else if (r instanceof Resource.CommandExec) {
        Resource.CommandExec c = (Resource.CommandExec) r;
        if (c.isCommandLine()) {
          out.add(Resource.CommandExec.line(redactor.redactText(c.commandLine())));
        } else {
          List<String> argv = new ArrayList<>(c.argv().size());
          for (String a : c.argv()) {
            argv.add(redactor.redactText(a));
          }
          out.add(Resource.CommandExec.argv(argv));
        }
      } else {
        Resource.FileAccess f = (Resource.FileAccess) r;
        String path = redactor.redactText(f.path());
        out.add(path.equals(f.path()) ? f : new Resource.FileAccess(path, f.access()));
      }
    }
    return out;
  }

  /**
   * The decisions as they may be shown: their reasons redacted.
   *
   * @param decisions the real decisions
   * @param redactor the guard's redactor
   * @return the redacted decisions, in order
   */
  public static List<Decision> decisions(List<Decision> decisions, Redactor redactor) {
    List<Decision> out = new ArrayList<>(decisions.size());
    for (Decision d : decisions) {
      out.add(decision(d, redactor));
    }
    return out;
  }

  /**
   * The decision as it may be shown: its reason redacted.
   *
   * @param decision the real decision
   * @param redactor the guard's redactor
   * @return the redacted decision
   */
  public static Decision decision(Decision decision, Redactor redactor) {
    return new Decision(decision.verdict(), decision.check(), decision.rule(),
        redactor.redactText(decision.reason()));
  }

  private static CallContext context(CallContext ctx, Redactor redactor) {
    if (ctx.equals(CallContext.empty())) {
      return ctx;
    }
    CallContext.Builder b = CallContext.builder();
    ctx.agentId().ifPresent(b::agentId);
    ctx.agentName().ifPresent(b::agentName);
    ctx.conversationId().ifPresent(b::conversationId);
    ctx.principal().ifPresent(b::principal);
    text(ctx.workingDirectory(), redactor).ifPresent(b::workingDirectory);
    text(ctx.rationale(), redactor).ifPresent(b::rationale);
    for (String a : ctx.alternatives()) {
      b.alternative(redactor.redactText(a));
    }
    for (Map.Entry<String, String> e : ctx.attributes().entrySet()) {
      b.attribute(e.getKey(), attribute(e.getKey(), e.getValue(), redactor));
    }
    return b.build();
  }

  private static Optional<String> text(Optional<String> value, Redactor redactor) {
    return value.map(redactor::redactText);
  }

  /** An attribute's value, judged as the value of a JSON key of the same name (so a {@code token} is masked). */
  private static String attribute(String key, String value, Redactor redactor) {
    ObjectNode one = Json.objectNode();
    one.put(key, value);
    try {
      JsonNode shown = Json.parse(redactor.redactJson(Json.write(one))).get(key);
      return shown != null && shown.isTextual() ? shown.textValue() : Redactor.MASK;
    } catch (Json.Malformed | RuntimeException e) {
      return Redactor.MASK;
    }
  }
}
