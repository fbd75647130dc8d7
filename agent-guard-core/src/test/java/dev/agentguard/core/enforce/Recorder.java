package dev.agentguard.core.enforce;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Records every event; a test can wait for one (events may come from approver threads). */
final class Recorder implements GuardListener {

  private final List<GuardEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(GuardEvent event) {
    events.add(event);
    notifyAll();
  }

  synchronized List<GuardEvent> all() {
    return List.copyOf(events);
  }

  synchronized <T extends GuardEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  synchronized <T extends GuardEvent> T await(Class<T> type) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (of(type).isEmpty()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return of(type).get(0);
  }

  synchronized long terminals() {
    return events.stream().filter(GuardEvent::isTerminal).count();
  }
}
