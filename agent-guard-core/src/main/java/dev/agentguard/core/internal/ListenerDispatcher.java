package dev.agentguard.core.internal;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.telemetry.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers events to every listener, redacted first. A listener that throws is isolated: the decision and
 * the result are unchanged, and its first failure is reported through {@link System.Logger}.
 */
public final class ListenerDispatcher implements GuardListener {

  private static final System.Logger LOG = System.getLogger("dev.agentguard");

  private final List<GuardListener> listeners;
  private final List<AtomicBoolean> reported;
  private final Redactor redactor;
  private volatile Redacted lastRedacted;

  /** Creates a dispatcher to {@code listeners}, redacting with {@code redactor}. */
  public ListenerDispatcher(List<GuardListener> listeners, Redactor redactor) {
    this.listeners = List.copyOf(listeners);
    List<AtomicBoolean> flags = new ArrayList<>();
    for (int i = 0; i < listeners.size(); i++) {
      flags.add(new AtomicBoolean());
    }
    this.reported = List.copyOf(flags);
    this.redactor = redactor;
  }

  /**
   * Whether any listener is registered.
   *
   * @return whether any listener is registered
   */
  public boolean hasListeners() {
    return !listeners.isEmpty();
  }

  @Override
  public void onEvent(GuardEvent event) {
    if (listeners.isEmpty()) {
      return;
    }
    GuardEvent redacted = redact(event);
    for (int i = 0; i < listeners.size(); i++) {
      try {
        listeners.get(i).onEvent(redacted);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw (VirtualMachineError) e;
        }
        if (reported.get(i).compareAndSet(false, true)) {
          LOG.log(System.Logger.Level.WARNING,
              "guard listener " + listeners.get(i).getClass().getName()
                  + " threw; its failures are ignored and further ones are not reported", e);
        }
      }
    }
  }

  private GuardEvent redact(GuardEvent event) {
    ToolCall call = redact(event.call());
    String id = event.executionId();
    switch (event.type()) {
      case CALL_STARTED:
        return new GuardEvent.CallStarted(call, event.timestamp(), id);
      case CALL_DECIDED: {
        Evaluation e = ((GuardEvent.CallDecided) event).evaluation();
        return new GuardEvent.CallDecided(call, event.timestamp(), new Evaluation(call,
            redactResources(e.resources()), redact(e.decisions()), redact(e.decision()), e.enforced()), id);
      }
      case APPROVAL_REQUESTED:
        return new GuardEvent.ApprovalRequested(call, event.timestamp(),
            redact(call, ((GuardEvent.ApprovalRequested) event).request()), id);
      case APPROVAL_RESOLVED: {
        GuardEvent.ApprovalResolved r = (GuardEvent.ApprovalResolved) event;
        return new GuardEvent.ApprovalResolved(call, r.timestamp(), redact(call, r.request()),
            redact(r.response()), r.waited(), r.outcome(), id);
      }
      case LATE_APPROVAL: {
        GuardEvent.LateApproval l = (GuardEvent.LateApproval) event;
        return new GuardEvent.LateApproval(call, l.timestamp(), redact(call, l.request()), redact(l.response()),
            l.late(), id);
      }
      case CALL_DENIED: {
        GuardEvent.CallDenied d = (GuardEvent.CallDenied) event;
        return new GuardEvent.CallDenied(call, d.timestamp(), redact(d.decision()), d.duration(), id);
      }
      case CALL_COMPLETED: {
        GuardEvent.CallCompleted c = (GuardEvent.CallCompleted) event;
        return new GuardEvent.CallCompleted(call, c.timestamp(), c.result(), c.duration(), id);
      }
      default: {
        GuardEvent.CallFailed f = (GuardEvent.CallFailed) event;
        return new GuardEvent.CallFailed(call, f.timestamp(), RedactedErrors.redact(f.error(), redactor),
            f.duration(), id);
      }
    }
  }

  private dev.agentguard.api.ApprovalResponse redact(dev.agentguard.api.ApprovalResponse response) {
    return RedactedViews.response(response, redactor);
  }

  private ToolCall redact(ToolCall call) {
    Redacted memo = lastRedacted;
    if (memo != null && memo.original == call) {
      return memo.redacted;
    }
    ToolCall redacted = redactUncached(call);
    lastRedacted = new Redacted(call, redacted);
    return redacted;
  }

  /** The last call redacted: a call's events mostly carry the same instance, so it is redacted once. */
  private static final class Redacted {
    final ToolCall original;
    final ToolCall redacted;

    Redacted(ToolCall original, ToolCall redacted) {
      this.original = original;
      this.redacted = redacted;
    }
  }

  private ToolCall redactUncached(ToolCall call) {
    return RedactedViews.call(call, redactor);
  }

  private ApprovalRequest redact(ToolCall call, ApprovalRequest r) {
    return RedactedViews.request(call, r, redactor);
  }

  private List<Resource> redactResources(List<Resource> resources) {
    return RedactedViews.resources(resources, redactor);
  }

  private List<Decision> redact(List<Decision> decisions) {
    return RedactedViews.decisions(decisions, redactor);
  }

  private Decision redact(Decision d) {
    return RedactedViews.decision(d, redactor);
  }
}
