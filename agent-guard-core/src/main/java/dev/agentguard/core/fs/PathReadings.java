package dev.agentguard.core.fs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The readings of a path that the filesystem policy judges besides the path as written: what a tool that decodes,
 * normalises or sanitises paths carelessly would open. The strictest verdict over all of them wins. Stateless.
 */
final class PathReadings {

  private PathReadings() {}

  private static final int MAX_INTERPRETATIONS = 32;

  /**
   * Characters that NFKC leaves alone but that look like, and are read by some tools as, {@code /}, {@code \\} or
   * {@code .}: U+2215 DIVISION SLASH, U+2044 FRACTION SLASH, U+29F8 BIG SOLIDUS, U+2571 BOX DRAWINGS LIGHT DIAGONAL,
   * U+2216 SET MINUS, U+29F5 REVERSE SOLIDUS OPERATOR, U+29F9 BIG REVERSE SOLIDUS, U+3002 IDEOGRAPHIC FULL STOP,
   * U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP (the fullwidth forms are NFKC's).
   */
  static final Map<Character, Character> LOOKALIKES = Map.of(
      '\u2215', '/', '\u2044', '/', '\u29F8', '/', '\u2571', '/',
      '\u2216', '\\', '\u29F5', '\\', '\u29F9', '\\',
      '\u3002', '.', '\uFF61', '.');

  /**
   * Other readings of {@code path} a tool or shell might apply, each judged beside the path itself: percent-decoding
   * ({@code %XX}, repeated, with a lenient UTF-8 decoder that accepts overlong forms such as {@code %c0%af} for
   * {@code /}), the non-standard {@code %uXXXX} escapes ({@code %u002e%u002e}), backslash as a separator, Unicode
   * compatibility normalisation (NFKC), the slash, backslash and dot look-alikes that NFKC keeps
   * ({@link #LOOKALIKES}: U+2215 DIVISION SLASH and others) read as their ASCII characters, a naive sanitiser that
   * deletes {@code ../} once (so {@code ....//} becomes {@code ../}), and every combination of these; {@code null}
   * when there are more than 32 to explore, which callers treat as a DENY.
   */
  static List<String> of(String path) {
    if (hasNoOtherReading(path)) {
      return List.of();
    }
    Set<String> all = new LinkedHashSet<>();
    all.add(path);
    List<String> frontier = new ArrayList<>(List.of(path));
    while (!frontier.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (String s : frontier) {
        for (String t : new String[] {percentDecode(s), percentUDecode(s), s.replace('\\', '/'), nfkc(s),
            lookalikes(s), stripDotDotOnce(s)}) {
          if (!all.contains(t)) {
            if (all.size() >= MAX_INTERPRETATIONS) {
              // Not every reading can be explored: the caller must fail closed.
              return null;
            }
            all.add(t);
            next.add(t);
          }
        }
      }
      frontier = next;
    }
    all.remove(path);
    return new ArrayList<>(all);
  }

  /**
   * Whether every reading of {@link #of} leaves {@code path} as it is: plain ASCII (NFKC and the look-alikes change
   * only other characters) with no {@code %}, no backslash and no three dots in a row.
   */
  private static boolean hasNoOtherReading(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c >= 0x80 || c == '%' || c == '\\') {
        return false;
      }
    }
    return path.indexOf("...") < 0;
  }

  private static String nfkc(String s) {
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    return ascii ? s : Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    boolean changed = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() && c == '%' ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
        changed = true;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(b, 0, b.length);
      }
    }
    return changed ? lenientUtf8(bytes.toByteArray()) : s;
  }

  /**
   * A single pass deleting every {@code ../} and {@code ..\\}, as a naive sanitiser in a tool would; only for
   * paths where that pass can create a new {@code ..} (three or more dots in a row), so that an ordinary
   * {@code link/../x} keeps its one meaning.
   */
  private static String stripDotDotOnce(String s) {
    return s.indexOf("...") < 0 ? s : s.replace("../", "").replace("..\\", "");
  }

  /**
   * Decodes UTF-8 as a careless decoder would: overlong forms ({@code C0 AF} for {@code /}, {@code E0 80 AE} for
   * {@code .}) are accepted, so that a tool decoding that way cannot reach a path this check never saw.
   */
  static String lenientUtf8(byte[] b) {
    StringBuilder out = new StringBuilder(b.length);
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      int need = c >= 0xF0 && c < 0xF8 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
      if (c >= 0x80 && (c < 0xC0 || c >= 0xF8)) {
        out.append('\uFFFD');
        i++;
        continue;
      }
      if (need == 0) {
        out.append((char) c);
        i++;
        continue;
      }
      int cp = c & (0x3F >> need);
      int j = 1;
      while (j <= need && i + j < b.length && (b[i + j] & 0xC0) == 0x80) {
        cp = (cp << 6) | (b[i + j] & 0x3F);
        j++;
      }
      if (j <= need || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out.append('\uFFFD');
        i += j;
        continue;
      }
      out.appendCodePoint(cp);
      i += j;
    }
    return out.toString();
  }

  private static String lookalikes(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      Character ascii = s.charAt(i) < 0x80 ? null : LOOKALIKES.get(s.charAt(i));
      if (ascii != null) {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, ascii);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Decodes {@code %uXXXX} escapes (IIS and old JavaScript {@code escape()}); other text is kept. */
  private static String percentUDecode(String s) {
    int at = s.indexOf("%u");
    if (at < 0) {
      at = s.indexOf("%U");
      if (at < 0) {
        return s;
      }
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 1 < s.length() && (s.charAt(i + 1) | 0x20) == 'u' && hex4(s, i + 2) >= 0) {
        out.append((char) hex4(s, i + 2));
        i += 5;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int hex4(String s, int from) {
    if (from + 4 > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = from; k < from + 4; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }
}
