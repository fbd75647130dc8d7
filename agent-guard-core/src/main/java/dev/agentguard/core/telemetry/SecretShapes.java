package dev.agentguard.core.telemetry;

import static dev.agentguard.core.telemetry.Redactor.MASK;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret shapes the default redactor masks wherever they appear in text: cloud and service API keys, tokens,
 * JSON Web Tokens, authorization schemes and URL passwords. Each shape either starts at a literal or may only
 * start where a token starts, so every pass is linear in its input.
 */
final class SecretShapes {

  /** A token must not continue to the left of a shape's start. */
  private static final String START = "(?<![A-Za-z0-9_-])";

  private static final List<Shape> SHAPES = List.of(
      // AWS access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes)
      new Shape(Pattern.compile(START + "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA"
          + "|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])"), 0, null,
          "A3T", "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA", "ASCA"),
      // GitHub personal, OAuth, app, user-to-server and refresh tokens; fine-grained PATs
      new Shape(Pattern.compile(START + "(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"), 0, null,
          "gh"),
      // GitLab personal access tokens, npm, Hugging Face
      new Shape(Pattern.compile(START + "(?:glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{30,})"),
          0, null, "glpat-", "npm_", "hf_"),
      // Slack bot / user / app / refresh tokens and incoming-webhook paths
      new Shape(Pattern.compile(START + "xox[abposre]-[A-Za-z0-9-]{10,}"), 0, null, "xox"),
      new Shape(Pattern.compile("hooks\\.slack\\.com/services/([A-Za-z0-9/_-]{10,})"), 1, null,
          "hooks.slack.com"),
      // OpenAI (sk-, sk-proj-, sk-svcacct-) and Anthropic (sk-ant-...) style keys
      new Shape(Pattern.compile(START + "sk-[A-Za-z0-9_-]{20,}"), 0, SecretShapes::hasDigitOrUpper, "sk-"),
      // Stripe secret and restricted keys, webhook secrets
      new Shape(Pattern.compile(START + "(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})"),
          0, null, "_live_", "_test_", "whsec_"),
      // Google API keys
      new Shape(Pattern.compile(START + "AIza[0-9A-Za-z_-]{35}"), 0, null, "AIza"),
      // SendGrid
      new Shape(Pattern.compile(START + "SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}"), 0, null, "SG."),
      // JSON Web Tokens (signed or not)
      new Shape(Pattern.compile(START + "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"), 0, null, "eyJ"),
      // Authorization schemes: Bearer <token>, Basic <base64>
      new Shape(Pattern.compile("(?i)(?<![A-Za-z0-9])bearer\\s{1,8}([A-Za-z0-9._~+/-]+=*)"), 1,
          SecretShapes::looksLikeCredential, "bearer"),
      new Shape(Pattern.compile("(?<![A-Za-z0-9])[Bb]asic\\s{1,8}([A-Za-z0-9+/]{6,}={0,2})"), 1,
          s -> s.chars().anyMatch(c -> Character.isDigit(c) || c == '=' || c == '+' || c == '/'), "asic"),
      // URL userinfo password: scheme://user:password@host
      new Shape(Pattern.compile("://([^/\\s@:?#\"']{0,256}):([^/\\s@?#\"']{1,256})@"), 2, null, "://"));

  private SecretShapes() {}

  /** {@code text} with every secret shape masked. */
  static String redact(String text) {
    String out = text;
    for (Shape shape : SHAPES) {
      out = shape.apply(out);
    }
    return out;
  }

  /** Like {@link #containsAny}, comparing as {@link String#regionMatches(boolean, int, String, int, int)} does. */
  private static boolean containsAnyIgnoringCase(String text, List<String> literals) {
    for (String literal : literals) {
      for (int i = 0; i + literal.length() <= text.length(); i++) {
        if (text.regionMatches(true, i, literal, 0, literal.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsAny(String text, List<String> literals) {
    for (String literal : literals) {
      if (text.contains(literal)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDigitOrUpper(String s) {
    for (int i = 3; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeCredential(String s) {
    if (s.length() < 8) {
      return false;
    }
    if (s.length() >= 20) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isLetter(c)) {
        return true;
      }
    }
    return false;
  }

  /** A secret shape: a pattern, the group to mask, and an optional check on that group. */
  private static final class Shape {
    private final Pattern pattern;
    private final int group;
    private final Predicate<String> accept;
    /** Texts every match contains (in any case when the pattern ignores case): a cheap test before the regex. */
    private final List<String> literals;
    private final boolean ignoreCase;

    Shape(Pattern pattern, int group, Predicate<String> accept, String... literals) {
      this.pattern = pattern;
      this.group = group;
      this.accept = accept;
      this.literals = List.of(literals);
      this.ignoreCase = (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0 || pattern.pattern().startsWith("(?i)");
    }

    String apply(String text) {
      if (!literals.isEmpty()
          && !(ignoreCase ? containsAnyIgnoringCase(text, literals) : containsAny(text, literals))) {
        return text;
      }
      Matcher m = pattern.matcher(text);
      if (!m.find()) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      int copied = 0;
      do {
        String value = m.group(group);
        if (value == null || value.isEmpty() || value.equals(MASK) || (accept != null && !accept.test(value))) {
          continue;
        }
        out.append(text, copied, m.start(group)).append(MASK);
        copied = m.end(group);
      } while (m.find());
      if (copied == 0) {
        return text;
      }
      out.append(text, copied, text.length());
      return out.toString();
    }
  }
}
