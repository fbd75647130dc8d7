package dev.agentguard.core.enforce;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every string reachable from an object through the public no-argument accessors of agent-guard's own types,
 * optionals, collections and maps, plus each object's {@code toString()}: what a hostile collaborator that keeps
 * a reference can read.
 */
final class ObjectGraph {

  private static final Set<String> SKIPPED = Set.of("hashCode", "toString", "getClass", "toBuilder", "builder",
      "notify", "notifyAll", "wait");

  private ObjectGraph() {}

  static List<String> strings(Object root) {
    List<String> out = new ArrayList<>();
    walk(root, out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    return out;
  }

  private static void walk(Object o, List<String> out, Set<Object> seen, int depth) {
    if (o == null || depth > 12) {
      return;
    }
    if (o instanceof CharSequence) {
      out.add(o.toString());
      return;
    }
    if (o instanceof Number || o instanceof Boolean || o instanceof Enum<?> || !seen.add(o)) {
      return;
    }
    out.add(String.valueOf(o));
    if (o instanceof Optional<?>) {
      walk(((Optional<?>) o).orElse(null), out, seen, depth + 1);
    } else if (o instanceof Collection<?>) {
      for (Object e : (Collection<?>) o) {
        walk(e, out, seen, depth + 1);
      }
    } else if (o instanceof Map<?, ?>) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
        walk(e.getKey(), out, seen, depth + 1);
        walk(e.getValue(), out, seen, depth + 1);
      }
    } else if (o.getClass().getName().startsWith("dev.agentguard.")) {
      for (Method m : o.getClass().getMethods()) {
        if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
            && m.getReturnType() != void.class && !SKIPPED.contains(m.getName())) {
          try {
            walk(m.invoke(o), out, seen, depth + 1);
          } catch (ReflectiveOperationException | RuntimeException e) {
            // an accessor that cannot be called reveals nothing
          }
        }
      }
    }
  }
}
