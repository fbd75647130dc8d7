package dev.agentguard.ops.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.session.SessionPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** The record layout of the audit log: field names, event-to-record mapping, the hash chain arithmetic. */
final class AuditRecords {

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** {@code prev} of the very first record. */
  static final String GENESIS = "0".repeat(64);

  /** What ends every line: {@code ,"hash":"<64 hex>"}} — 75 bytes. */
  static final String HASH_FIELD = ",\"hash\":\"";

  static final int HASH_SUFFIX_LENGTH = HASH_FIELD.length() + 64 + 2;

  /** Longest argument or text value kept in a record, in characters. */
  static final int MAX_TEXT = 64 * 1024;

  static final String OPENED = "log_opened";
  static final String CLOSED = "log_closed";
  static final String ROTATED = "log_rotated";

  private AuditRecords() {}

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Seals a record: its serialized bytes without the {@code hash} field, closed with {@code hash} = SHA-256 of
   * those bytes. Returns the line without its newline.
   */
  static byte[] seal(ObjectNode record) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(record);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not serialize an audit record", e);
    }
    String hash = sha256Hex(body);
    byte[] suffix = (HASH_FIELD + hash + "\"}").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[body.length - 1 + suffix.length];
    System.arraycopy(body, 0, line, 0, body.length - 1);
    System.arraycopy(suffix, 0, line, body.length - 1, suffix.length);
    return line;
  }

  static ObjectNode header(long seq, String prev, Instant ts, String type) {
    ObjectNode r = JSON.createObjectNode();
    r.put("seq", seq);
    r.put("prev", prev);
    r.put("ts", ts.toString());
    r.put("type", type);
    return r;
  }

  /** Fills {@code r} with the fields of {@code event}: those every event has, then those of its type. */
  static void describe(ObjectNode r, GuardEvent event) {
    identify(r, event);
    switch (event.type()) {
      case CALL_STARTED -> started(r, event.call());
      case CALL_DECIDED -> decided(r, ((GuardEvent.CallDecided) event).evaluation());
      case APPROVAL_REQUESTED -> requested(r, ((GuardEvent.ApprovalRequested) event).request());
      case APPROVAL_RESOLVED -> resolved(r, (GuardEvent.ApprovalResolved) event);
      case LATE_APPROVAL -> late(r, (GuardEvent.LateApproval) event);
      case CALL_COMPLETED -> completed(r, (GuardEvent.CallCompleted) event);
      case CALL_FAILED -> failed(r, (GuardEvent.CallFailed) event);
      case CALL_DENIED -> denied(r, (GuardEvent.CallDenied) event);
    }
  }

  /** The fields every event has: the call, the execution and who made the call. */
  private static void identify(ObjectNode r, GuardEvent event) {
    ToolCall call = event.call();
    r.put("call_id", call.id());
    r.put("execution_id", event.executionId());
    r.put("tool", call.toolName());
    CallContext ctx = call.context();
    ctx.conversationId().ifPresent(v -> r.put("conversation", v));
    ctx.agentId().ifPresent(v -> r.put("agent_id", v));
    ctx.agentName().ifPresent(v -> r.put("agent_name", v));
    ctx.principal().ifPresent(v -> r.put("principal", v));
  }

  private static void started(ObjectNode r, ToolCall call) {
    CallContext ctx = call.context();
    r.put("arguments", cap(call.argumentsJson()));
    ctx.workingDirectory().ifPresent(v -> r.put("cwd", v));
    ctx.rationale().ifPresent(v -> r.put("rationale", cap(v)));
    if (!ctx.alternatives().isEmpty()) {
      ArrayNode alternatives = r.putArray("alternatives");
      ctx.alternatives().forEach(a -> alternatives.add(cap(a)));
    }
  }

  private static void decided(ObjectNode r, Evaluation e) {
    decision(r, e.decision());
    r.put("enforced", e.enforced());
    ArrayNode decisions = r.putArray("decisions");
    for (Decision d : e.decisions()) {
      ObjectNode o = decisions.addObject();
      o.put("check", d.check());
      o.put("verdict", d.verdict().label());
      o.put("rule", d.rule());
      o.put("reason", cap(d.reason()));
      if (d.check().equals(CheckNames.SESSION) && d.rule().equals(SessionPolicy.RULE_STATE)) {
        r.put("session", cap(d.reason()));
      }
    }
    ArrayNode resources = r.putArray("resources");
    e.resources().forEach(res -> resources.add(resource(res)));
  }

  private static void requested(ObjectNode r, ApprovalRequest q) {
    r.put("request_id", q.requestId());
    r.put("fingerprint", q.fingerprint());
    ArrayNode rules = r.putArray("rules");
    q.ruleIds().forEach(rules::add);
    r.put("expires_at", q.expiresAt().toString());
  }

  private static void resolved(ObjectNode r, GuardEvent.ApprovalResolved a) {
    r.put("request_id", a.request().requestId());
    r.put("outcome", a.outcome());
    r.put("approved", a.response().isApproved());
    r.put("approver", a.response().decidedBy());
    r.put("scope", a.response().scope().name().toLowerCase(java.util.Locale.ROOT));
    if (!a.response().comment().isEmpty()) {
      r.put("comment", cap(a.response().comment()));
    }
    r.put("wait_ms", millis(a.waited()));
  }

  private static void late(ObjectNode r, GuardEvent.LateApproval l) {
    r.put("request_id", l.request().requestId());
    r.put("approved", l.response().isApproved());
    r.put("approver", l.response().decidedBy());
    r.put("late_ms", millis(l.late()));
    r.put("refused", true);
  }

  private static void completed(ObjectNode r, GuardEvent.CallCompleted c) {
    r.put("result_error", c.result().error());
    r.put("result_chars", c.result().content().length());
    r.put("duration_ms", millis(c.duration()));
  }

  private static void failed(ObjectNode r, GuardEvent.CallFailed f) {
    r.put("error", dev.agentguard.api.RedactedException.typeOf(f.error()));
    r.put("duration_ms", millis(f.duration()));
  }

  private static void denied(ObjectNode r, GuardEvent.CallDenied d) {
    decision(r, d.decision());
    r.put("duration_ms", millis(d.duration()));
  }

  static String type(GuardEvent event) {
    return event.type().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void decision(ObjectNode r, Decision d) {
    r.put("verdict", d.verdict().label());
    r.put("check", d.check());
    r.put("rule", d.rule());
    r.put("reason", cap(d.reason()));
  }

  private static ObjectNode resource(Resource res) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", res.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (res instanceof Resource.FileAccess) {
      Resource.FileAccess f = (Resource.FileAccess) res;
      o.put("path", cap(f.path()));
      o.put("access", f.access().name().toLowerCase(java.util.Locale.ROOT));
    } else if (res instanceof Resource.NetworkAccess) {
      o.put("url", cap(((Resource.NetworkAccess) res).url()));
    } else if (res instanceof Resource.CommandExec) {
      Resource.CommandExec c = (Resource.CommandExec) res;
      if (c.isCommandLine()) {
        o.put("command", cap(c.commandLine()));
      } else {
        ArrayNode argv = o.putArray("argv");
        c.argv().forEach(a -> argv.add(cap(a)));
      }
    }
    return o;
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1_000_000.0;
  }

  static String cap(String s) {
    if (s.length() <= MAX_TEXT) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
    return s.substring(0, end) + "...[truncated " + (s.length() - MAX_TEXT) + " chars]";
  }
}
