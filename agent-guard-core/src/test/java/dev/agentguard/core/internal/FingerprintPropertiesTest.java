package dev.agentguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.core.approval.Approvers;
import dev.agentguard.core.fixtures.GateHarness;
import dev.agentguard.core.fixtures.ManualDeadlines;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints against an independent oracle: two calls ask the same thing when their tool and working
 * directory are equal and Jackson parses their arguments into equal trees.
 */
class FingerprintPropertiesTest {

  private static final ObjectMapper ORACLE = new ObjectMapper();

  /** JSON null, as a value jqwik can carry. */
  enum JsonNull { NULL }

  /** A call as generated: tool, working directory (or null) and the arguments as a value tree. */
  record CallSpec(String tool, String cwd, Map<String, Object> args, long renderSeed) {
    ToolCall call(String conversation) {
      CallContext.Builder ctx = CallContext.builder().conversationId(conversation);
      if (cwd != null) {
        ctx.workingDirectory(cwd);
      }
      return new ToolCall("c", tool, render(args, new Random(renderSeed)), ctx.build());
    }
  }

  // ---- properties ----

  @Property(edgeCases = EdgeCasesMode.MIXIN)
  void fingerprintIgnoresKeyOrderWhitespaceAndEscapes(
      @ForAll("objects") Map<String, Object> args, @ForAll long seedA, @ForAll long seedB) throws Exception {
    String a = render(args, new Random(seedA));
    String b = render(args, new Random(seedB));
    assertThat(ORACLE.readTree(a)).isEqualTo(ORACLE.readTree(b));
    assertThat(Fingerprints.of(ToolCall.of("t", a), List.of()))
        .isEqualTo(Fingerprints.of(ToolCall.of("t", b), List.of()));
  }

  @Property(edgeCases = EdgeCasesMode.MIXIN)
  void fingerprintsAreEqualExactlyWhenTheOracleSaysTheCallsAreEqual(@ForAll("pairs") Tuple2<CallSpec, CallSpec> pair)
      throws Exception {
    ToolCall a = pair.get1().call("conv");
    ToolCall b = pair.get2().call("conv");
    assertThat(Fingerprints.of(a, List.of()).equals(Fingerprints.of(b, List.of()))).isEqualTo(sameCall(a, b));
  }

  @Property(edgeCases = EdgeCasesMode.MIXIN)
  void anApprovalForOneCallNeverAuthorisesAnotherUnlessTheirFingerprintsAreEqual(
      @ForAll("pairs") Tuple2<CallSpec, CallSpec> pair) throws Exception {
    // The approver grants one SESSION approval and refuses everything after it.
    try (GateHarness h = new GateHarness(Approvers.scripted(ApprovalResponse.approvedForSession("alice")),
        Duration.ofMinutes(5), new ManualDeadlines())) {
      ToolCall a = pair.get1().call("conv-1");
      ToolCall b = pair.get2().call("conv-1");
      h.run(a);
      boolean secondRan = runs(h, b);
      boolean equalFingerprints = Fingerprints.of(a, List.of()).equals(Fingerprints.of(b, List.of()));
      assertThat(secondRan).isEqualTo(equalFingerprints).isEqualTo(sameCall(a, b));
      Statistics.label("second call authorised").collect(secondRan);
      Statistics.label("second call authorised").coverage(c -> {
        c.check(true).percentage(p -> p > 15);
        c.check(false).percentage(p -> p > 15);
      });
      assertThat(runs(h, pair.get2().call("conv-2"))).as("another conversation is never authorised").isFalse();
      assertThat(h.events(GuardEvent.ApprovalResolved.class))
          .filteredOn(e -> e.outcome().equals("session"))
          .allSatisfy(e -> assertThat(e.request().fingerprint()).isEqualTo(Fingerprints.of(a, List.of())));
    }
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
  void changingOneValueChangesTheFingerprint(@ForAll("objects") Map<String, Object> args,
      @ForAll @IntRange(min = 0, max = 1000) int pick) {
    Map<String, Object> changed = mutate(args, pick);
    ToolCall a = ToolCall.of("t", render(args, new Random(1)));
    ToolCall b = ToolCall.of("t", render(changed, new Random(2)));
    assertThat(Fingerprints.of(a, List.of())).isNotEqualTo(Fingerprints.of(b, List.of()));
  }

  // ---- examples ----

  @Test
  void theFingerprintIsTheHmacSha256OfTheDocumentedCanonicalJson() throws Exception {
    ToolCall call = ToolCall.of("deploy", "{ \"b\": [true, null, 2], \"a\": {\"y\": \"\\u0041\", \"x\": 1} }");
    String canonical = "{\"tool\":\"deploy\",\"arguments\":{\"a\":{\"x\":1,\"y\":\"A\"},\"b\":[true,null,2]},"
        + "\"resources\":[{\"kind\":\"file\",\"path\":\"/srv/app\",\"access\":\"WRITE\"}]}";
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    assertThat(Fingerprints.withKey(key).fingerprint(call,
        List.of(new Resource.FileAccess("/srv/app", dev.agentguard.api.Access.WRITE))))
        .isEqualTo(expected);
    assertThat(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)))
        .as("a plain hash is not what leaves the process").isNotEqualTo(HexFormat.of().parseHex(expected));
  }

  @Test
  void resourcesToolAndWorkingDirectoryArePartOfTheFingerprint() {
    ToolCall call = ToolCall.of("read_file", "{\"path\":\"notes.txt\"}");
    String base = Fingerprints.of(call, List.of());
    assertThat(Fingerprints.of(call, List.of(new Resource.FileAccess("notes.txt", dev.agentguard.api.Access.READ))))
        .isNotEqualTo(base);
    assertThat(Fingerprints.of(call.withContext(CallContext.builder().workingDirectory("/w1").build()), List.of()))
        .isNotEqualTo(base)
        .isNotEqualTo(Fingerprints.of(call.withContext(CallContext.builder().workingDirectory("/w2").build()),
            List.of()));
    assertThat(Fingerprints.of(ToolCall.of("write_file", "{\"path\":\"notes.txt\"}"), List.of())).isNotEqualTo(base);
    assertThat(Fingerprints.of(call.withContext(CallContext.builder().conversationId("x").rationale("r").build()),
        List.of())).as("who asks and why is not what is asked").isEqualTo(base);
  }

  @Test
  void numbersAreComparedExactlyAsWritten() {
    String precise = Fingerprints.of(ToolCall.of("t", "{\"amount\":0.1000000000000000055511151231257827}"), List.of());
    String rounded = Fingerprints.of(ToolCall.of("t", "{\"amount\":0.1}"), List.of());
    assertThat(precise).isNotEqualTo(rounded);
    assertThat(Fingerprints.of(ToolCall.of("t", "{\"n\":12345678901234567891}"), List.of()))
        .isNotEqualTo(Fingerprints.of(ToolCall.of("t", "{\"n\":12345678901234567890}"), List.of()));
    assertThat(Fingerprints.of(ToolCall.of("t", "{\"n\":1}"), List.of()))
        .as("different spellings are asked again, never merged")
        .isNotEqualTo(Fingerprints.of(ToolCall.of("t", "{\"n\":1.0}"), List.of()));
  }

  @Test
  void ambiguousArgumentsCannotBeFingerprinted() {
    assertThatThrownBy(() -> Fingerprints.of(ToolCall.of("t", "{\"a\":1,\"a\":2}"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a key is repeated");
    assertThatThrownBy(() -> Fingerprints.of(ToolCall.of("t", "{\"a\":1} {\"a\":2}"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fingerprints.of(ToolCall.of("t", "{\"a\":"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fingerprints.of(null, List.of())).hasMessage("call must not be null");
    assertThatThrownBy(() -> Fingerprints.of(ToolCall.of("t", "{}"), null)).hasMessage("resources must not be null");
  }

  // ---- oracle and generators ----

  private static boolean sameCall(ToolCall a, ToolCall b) throws Exception {
    JsonNode ta = ORACLE.readTree(a.argumentsJson());
    JsonNode tb = ORACLE.readTree(b.argumentsJson());
    return a.toolName().equals(b.toolName())
        && a.context().workingDirectory().equals(b.context().workingDirectory())
        && ta.equals(tb);
  }

  private static boolean runs(GateHarness h, ToolCall call) throws Exception {
    int before = h.runs.get();
    try {
      h.run(call);
    } catch (ToolCallDeniedException e) {
      return false;
    }
    return h.runs.get() == before + 1;
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    return object(2);
  }

  @Provide
  Arbitrary<Tuple2<CallSpec, CallSpec>> pairs() {
    Arbitrary<CallSpec> spec = Combinators.combine(
        Arbitraries.of("deploy", "deploy_service"),
        Arbitraries.of("", "/w1", "/w2"),
        object(2),
        Arbitraries.longs()).as((t, cwd, args, seed) -> new CallSpec(t, cwd.isEmpty() ? null : cwd, args, seed));
    Arbitrary<Tuple2<CallSpec, CallSpec>> independent = Combinators.combine(spec, spec).as(Tuple::of);
    Arbitrary<Tuple2<CallSpec, CallSpec>> rerendered = Combinators.combine(spec, Arbitraries.longs())
        .as((a, seed) -> Tuple.of(a, new CallSpec(a.tool(), a.cwd(), a.args(), seed)));
    Arbitrary<Tuple2<CallSpec, CallSpec>> oneChange = Combinators.combine(spec, Arbitraries.integers().between(0, 1000))
        .as((a, pick) -> Tuple.of(a, new CallSpec(a.tool(), a.cwd(), mutate(a.args(), pick), a.renderSeed() + 1)));
    Arbitrary<Tuple2<CallSpec, CallSpec>> otherPlace = Combinators.combine(spec, Arbitraries.of("", "/w1", "/w2"))
        .as((a, cwd) -> Tuple.of(a, new CallSpec(a.tool(), cwd.isEmpty() ? null : cwd, a.args(), a.renderSeed())));
    return Arbitraries.frequencyOf(
        Tuple.of(3, independent), Tuple.of(3, rerendered), Tuple.of(3, oneChange), Tuple.of(1, otherPlace));
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(List.of(
        Arbitraries.strings().withChars('a', 'b', '"', '\\', 'é', '\n', ' ', '\u2028').ofMaxLength(3)
            .map(s -> (Object) s),
        Arbitraries.integers().between(-2, 2).map(i -> (Object) i),
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 10_000_000_000L).map(l -> (Object) l),
        Arbitraries.of(true, false).map(x -> (Object) x),
        Arbitraries.just((Object) JsonNull.NULL)));
    if (depth == 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(1, object(depth - 1).map(m -> (Object) m)),
        Tuple.of(1, value(depth - 1).list().ofMaxSize(3).map(l -> (Object) l)));
  }

  private static Arbitrary<Map<String, Object>> object(int depth) {
    return Arbitraries.maps(Arbitraries.of("a", "b", "c", "dd", "é"), value(depth)).ofMaxSize(3)
        .map(m -> (Map<String, Object>) new LinkedHashMap<>(m));
  }

  /** Changes one leaf (chosen by {@code pick}), or adds a key when there is none. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mutate(Map<String, Object> args, int pick) {
    List<Object[]> slots = new ArrayList<>();
    Object copy = deepCopy(args, slots);
    Map<String, Object> out = (Map<String, Object>) copy;
    if (slots.isEmpty()) {
      out.put("zz", 1);
      return out;
    }
    Object[] slot = slots.get(pick % slots.size());
    Object old = ((Holder) slot[0]).get();
    ((Holder) slot[0]).set(changed(old));
    return out;
  }

  private static Object changed(Object old) {
    if (old instanceof String) {
      String s = (String) old;
      return s.isEmpty() ? "a" : (char) (s.charAt(0) + 1) + s.substring(1);
    }
    if (old instanceof Integer) {
      return (Integer) old + 1;
    }
    if (old instanceof Long) {
      return ((Long) old) == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : (Long) old + 1;
    }
    if (old instanceof Boolean) {
      return !(Boolean) old;
    }
    return 0;
  }

  /** A settable leaf position inside a copied tree. */
  private interface Holder {
    Object get();

    void set(Object value);
  }

  @SuppressWarnings("unchecked")
  private static Object deepCopy(Object v, List<Object[]> slots) {
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        Object child = deepCopy(e.getValue(), slots);
        out.put(e.getKey(), child);
        if (!(child instanceof Map) && !(child instanceof List)) {
          String key = e.getKey();
          slots.add(new Object[] {new Holder() {
            @Override
            public Object get() {
              return out.get(key);
            }

            @Override
            public void set(Object value) {
              out.put(key, value);
            }
          }});
        }
      }
      return out;
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object e : (List<Object>) v) {
        Object child = deepCopy(e, slots);
        out.add(child);
        if (!(child instanceof Map) && !(child instanceof List)) {
          int index = out.size() - 1;
          slots.add(new Object[] {new Holder() {
            @Override
            public Object get() {
              return out.get(index);
            }

            @Override
            public void set(Object value) {
              out.set(index, value);
            }
          }});
        }
      }
      return out;
    }
    return v;
  }

  /** Writes {@code value} as JSON with shuffled keys, random whitespace and random escapes. */
  @SuppressWarnings("unchecked")
  static String render(Object value, Random rnd) {
    StringBuilder b = new StringBuilder();
    render(value, rnd, b);
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static void render(Object value, Random rnd, StringBuilder b) {
    space(rnd, b);
    if (value instanceof Map) {
      List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) value).entrySet());
      Collections.shuffle(entries, rnd);
      b.append('{');
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        space(rnd, b);
        string(entries.get(i).getKey(), rnd, b);
        space(rnd, b);
        b.append(':');
        render(entries.get(i).getValue(), rnd, b);
      }
      space(rnd, b);
      b.append('}');
    } else if (value instanceof List) {
      List<Object> list = (List<Object>) value;
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        render(list.get(i), rnd, b);
      }
      space(rnd, b);
      b.append(']');
    } else if (value instanceof String) {
      string((String) value, rnd, b);
    } else if (value == JsonNull.NULL) {
      b.append("null");
    } else {
      b.append(value);
    }
    space(rnd, b);
  }

  private static void space(Random rnd, StringBuilder b) {
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      b.append(" \t\n\r".charAt(rnd.nextInt(4)));
    }
  }

  private static void string(String s, Random rnd, StringBuilder b) {
    b.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || rnd.nextInt(4) == 0) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }

  @Test
  void theRendererReallyVariesTheText() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("a", "xyz");
    args.put("b", List.of(1, 2));
    args.put("c", Map.of("dd", true));
    java.util.Set<String> texts = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      texts.add(render(args, new Random(i)));
    }
    assertThat(texts).hasSizeGreaterThan(10);
  }
}
