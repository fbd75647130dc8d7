package dev.agentguard.core.fs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The roots as a trie of path segments: looking a path up costs one hash probe per segment, however many roots
 * there are. Built once, then read-only (safe to share between threads).
 */
final class RootIndex {

  private static final class Node {
    final Map<String, Node> children = new HashMap<>(4);
    String readRoot;
    String writeRoot;
    /** The answer for a path ending here, once {@link #match} first needs it (same value for every thread). */
    volatile Match match;
  }

  /** The deepest roots containing a path that grant read and write, or null. */
  record Match(String readRoot, String writeRoot) {}

  private final Node top = new Node();
  private int size;

  void add(List<String> segments, FileSystemRules.RootAccess access, String label) {
    Node node = top;
    for (String s : segments) {
      node = node.children.computeIfAbsent(s, k -> new Node());
    }
    node.readRoot = label;
    if (access == FileSystemRules.RootAccess.READ_WRITE) {
      node.writeRoot = label;
    }
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  Match lookup(List<String> segments) {
    Node node = top;
    String read = node.readRoot;
    String write = node.writeRoot;
    Node last = top;
    for (String s : segments) {
      node = node.children.get(s);
      if (node == null) {
        break;
      }
      if (node.readRoot != null) {
        read = node.readRoot;
        last = node;
      }
      if (node.writeRoot != null) {
        write = node.writeRoot;
        last = node;
      }
    }
    // The answer depends only on the deepest node holding a root, so it is made once per node.
    Match m = last.match;
    if (m == null || !Objects.equals(m.readRoot(), read) || !Objects.equals(m.writeRoot(), write)) {
      m = new Match(read, write);
      last.match = m;
    }
    return m;
  }
}
