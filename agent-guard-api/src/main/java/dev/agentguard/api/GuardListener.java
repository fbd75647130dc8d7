package dev.agentguard.api;

/**
 * Receives every {@link GuardEvent} of a guard: telemetry, audit and logging are listeners. A listener that
 * throws never changes a decision and never reaches the caller. Called on the thread handling the call, so it
 * should be quick and thread-safe.
 */
@FunctionalInterface
public interface GuardListener {

  /**
   * Handles one event.
   *
   * @param event the event; what the listener throws is caught and does not change the call's outcome
   */
  void onEvent(GuardEvent event);
}
