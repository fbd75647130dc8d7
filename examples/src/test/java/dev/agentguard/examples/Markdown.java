package dev.agentguard.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough Markdown: links outside code, headings and their GitHub anchors. */
final class Markdown {

  /** A link: its target as written and the line it is on. */
  record Link(String target, int line) {}

  private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");

  private Markdown() {}

  /** The lines of {@code text} that are not inside fenced code blocks; code lines become empty. */
  static List<String> proseLines(String text) {
    List<String> out = new ArrayList<>();
    String fence = null;
    for (String line : text.split("\n", -1)) {
      Matcher m = FENCE.matcher(line);
      if (fence == null && m.find()) {
        fence = m.group(1);
        out.add("");
      } else if (fence != null) {
        if (line.strip().startsWith(fence)) {
          fence = null;
        }
        out.add("");
      } else {
        out.add(line);
      }
    }
    return out;
  }

  /** Every link target in {@code text}, outside code blocks, code spans and HTML comments. */
  static List<Link> links(String text) {
    List<Link> out = new ArrayList<>();
    List<String> lines = proseLines(stripComments(text));
    for (int i = 0; i < lines.size(); i++) {
      String line = stripCodeSpans(lines.get(i));
      Matcher inline = INLINE_LINK.matcher(line);
      while (inline.find()) {
        out.add(new Link(inline.group(1), i + 1));
      }
      Matcher definition = REFERENCE_DEFINITION.matcher(line);
      if (definition.matches()) {
        out.add(new Link(definition.group(1), i + 1));
      }
    }
    return out;
  }

  /** The anchors GitHub gives the headings of {@code text}, plus explicit {@code <a id>} anchors. */
  static Set<String> anchors(String text) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : proseLines(text)) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(2));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        out.add(n == 0 ? slug : slug + "-" + n);
      }
      Matcher anchor = HTML_ANCHOR.matcher(line);
      while (anchor.find()) {
        out.add(anchor.group(1));
      }
    }
    return out;
  }

  /**
   * GitHub's anchor for a heading: the rendered text (code spans, links and emphasis reduced to their text) in
   * lower case, without punctuation other than {@code -} and {@code _}, spaces turned into {@code -}.
   */
  static String slug(String heading) {
    String text = heading
        .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
        .replaceAll("<[^>]+>", "")
        .replace("`", "")
        .replaceAll("(\\*\\*|__|\\*|(?<![\\p{L}\\p{N}])_|_(?![\\p{L}\\p{N}]))", "");
    StringBuilder sb = new StringBuilder();
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        sb.append(c);
      } else if (c == ' ') {
        sb.append('-');
      }
    }
    return sb.toString();
  }

  private static String stripComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    while (true) {
      int open = text.indexOf("<!--", at);
      if (open < 0) {
        return out.append(text, at, text.length()).toString();
      }
      int close = text.indexOf("-->", open + 4);
      int end = close < 0 ? text.length() : close + 3;
      out.append(text, at, open);
      for (int i = open; i < end; i++) {
        if (text.charAt(i) == '\n') {
          out.append('\n'); // keep line numbers
        }
      }
      at = end;
    }
  }

  private static String stripCodeSpans(String line) {
    return line.replaceAll("(`+)(?:(?!\\1).)+?\\1", "");
  }
}
