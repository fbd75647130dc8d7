package dev.agentguard.sandbox;

import dev.agentguard.core.check.GuardEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file tree with real symbolic links for the filesystem tests:
 *
 * <pre>
 * base/ws/                     workspace (read-write root in most tests)
 *   a/file.txt  a/b/  .env  .git/config  .git/hooks/
 *   link-out -> base/outside   link-rel-out -> ../outside   link-in -> a
 *   passwd -> /etc/passwd      innocent -> .env             hooks-link -> .git/hooks
 *   dangling-out -> base/outside/new.txt   dangling-in -> a/new.txt
 *   loop1 -> loop2 -> loop1    self -> self
 * base/ws_evil/secret.txt      sibling with a common string prefix
 * base/outside/secret.txt  base/outside/file.txt
 * base/ro/data.txt             read-only root in some tests
 * base/home/.ssh/id_rsa
 * </pre>
 */
final class Fixture {

  final Path base;
  final Path ws;
  final Path outside;
  final Path ro;
  final Path home;

  Fixture(Path dir) {
    try {
      base = dir.toRealPath();
      ws = Files.createDirectories(base.resolve("ws"));
      outside = Files.createDirectories(base.resolve("outside"));
      ro = Files.createDirectories(base.resolve("ro"));
      home = Files.createDirectories(base.resolve("home/.ssh"));
      Files.writeString(home.resolve("id_rsa"), "PRIVATE KEY");
      Files.createDirectories(base.resolve("ws_evil"));
      Files.writeString(base.resolve("ws_evil/secret.txt"), "evil");
      Files.writeString(outside.resolve("secret.txt"), "secret");
      Files.writeString(outside.resolve("file.txt"), "outside file");
      Files.writeString(ro.resolve("data.txt"), "data");
      Files.createDirectories(ws.resolve("a/b"));
      Files.writeString(ws.resolve("a/file.txt"), "inside");
      Files.writeString(ws.resolve(".env"), "TOKEN=1");
      Files.createDirectories(ws.resolve(".git/hooks"));
      Files.writeString(ws.resolve(".git/config"), "[core]");
      link("link-out", outside);
      link("link-rel-out", Path.of("../outside"));
      link("link-in", Path.of("a"));
      link("passwd", Path.of("/etc/passwd"));
      link("innocent", Path.of(".env"));
      link("hooks-link", Path.of(".git/hooks"));
      link("dangling-out", outside.resolve("new.txt"));
      link("dangling-in", Path.of("a/new.txt"));
      link("loop1", Path.of("loop2"));
      link("loop2", Path.of("loop1"));
      link("self", Path.of("self"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path home() {
    return home.getParent();
  }

  private void link(String name, Path target) throws IOException {
    Files.createSymbolicLink(ws.resolve(name), target);
  }

  GuardEnvironment env() {
    return new GuardEnvironment(ws, home(), base.resolve("tmp"));
  }
}
