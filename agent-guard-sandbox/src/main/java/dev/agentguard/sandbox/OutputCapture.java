package dev.agentguard.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Drains one stream on a daemon thread, keeping at most a cap of bytes. */
final class OutputCapture implements Runnable {
  private final InputStream in;
  private final int max;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final Thread thread;
  private boolean truncated;

  OutputCapture(InputStream in, int max, String name) {
    this.in = in;
    this.max = max;
    this.thread = new Thread(this, "guarded-process-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    byte[] buf = new byte[8192];
    try (InputStream stream = in) {
      int n;
      while ((n = stream.read(buf)) >= 0) {
        synchronized (this) {
          int room = max - kept.size();
          if (n > room) {
            truncated = true;
          }
          if (room > 0) {
            kept.write(buf, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException e) {
      // the stream was closed under us; keep what was read
    }
  }

  void join(Duration wait) throws InterruptedException {
    thread.join(wait.toMillis());
    if (thread.isAlive()) {
      try {
        in.close();
      } catch (IOException e) {
        // best effort
      }
      synchronized (this) {
        truncated = true;
      }
    }
  }

  synchronized String text() {
    return new String(kept.toByteArray(), StandardCharsets.UTF_8);
  }

  synchronized boolean truncated() {
    return truncated;
  }
}
