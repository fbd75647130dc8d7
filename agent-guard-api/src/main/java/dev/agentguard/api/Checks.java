package dev.agentguard.api;

import java.util.List;
import java.util.Map;

/** Argument checks shared by the value types of this package. */
final class Checks {
  private Checks() {}

  static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  static String notBlank(String value, String name) {
    notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static <T> List<T> copyOf(List<T> list, String name) {
    notNull(list, name);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new NullPointerException(name + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(list);
  }

  static <K, V> Map<K, V> copyOf(Map<K, V> map, String name) {
    notNull(map, name);
    for (Map.Entry<K, V> e : map.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new NullPointerException(name + " must not contain null keys or values");
      }
    }
    return Map.copyOf(map);
  }
}
