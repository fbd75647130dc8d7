package dev.agentguard.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.core.check.JsonValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonNodeValueTest {

  private static JsonValue read(String json) throws Json.Malformed {
    return JsonNodeValue.of(Json.parse(json));
  }

  @Test
  void aCheckSeesStringsNumbersAsWrittenBooleansNullsArraysAndObjects() throws Exception {
    JsonValue args = read("{\"path\":\"a\\\"b\",\"n\":1.50,\"big\":1e400,\"ok\":true,\"none\":null,"
        + "\"list\":[1,\"x\"],\"obj\":{\"k\":2}}");
    assertThat(args.isObject()).isTrue();
    assertThat(args.fieldNames()).containsExactly("path", "n", "big", "ok", "none", "list", "obj");
    assertThat(args.field("path").map(JsonValue::text)).contains("a\"b");
    assertThat(args.field("path").get().isString()).isTrue();
    assertThat(args.field("n").get().text()).as("the number as written").isEqualTo("1.50");
    assertThat(args.field("big").get().text()).isEqualTo("1e400");
    assertThat(args.field("big").get().isNumber()).isTrue();
    assertThat(args.field("ok").get().isBoolean()).isTrue();
    assertThat(args.field("ok").get().text()).isEqualTo("true");
    assertThat(args.field("none").get().isNull()).isTrue();
    List<JsonValue> list = args.field("list").get().elements();
    assertThat(list).extracting(JsonValue::text).containsExactly("1", "x");
    assertThat(args.field("obj").get().text()).isEqualTo("{\"k\":2}");
    assertThat(args.field("missing")).isEqualTo(Optional.empty());
    assertThat(args.elements()).as("an object has no elements").isEmpty();
    assertThat(list.get(0).fieldNames()).as("a number has no fields").isEmpty();
  }

  @Test
  void theViewIsReadOnlyAndItsJsonRoundTrips() throws Exception {
    JsonValue args = read("{\"a\":[1.0,2],\"b\":\"c\"}");
    assertThat(args.json()).isEqualTo("{\"a\":[1.0,2],\"b\":\"c\"}");
    assertThatThrownBy(() -> args.fieldNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> args.field("a").get().elements().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(JsonNodeValue.of(JsonNodeValue.nodeOf(args))).isEqualTo(args);
  }

  @Test
  void aLazyViewReadsItsTextWhenFirstAskedAndIsThenTheSameAsAReadView() throws Exception {
    String text = "{\"url\":\"https://a.example/x\",\"n\":[1,{\"k\":null}],\"ok\":true}";
    JsonValue lazy = JsonNodeValue.lazy(text);
    JsonValue read = read(text);
    assertThat(lazy.fieldNames()).containsExactly("url", "n", "ok");
    assertThat(lazy.field("url").map(JsonValue::text)).contains("https://a.example/x");
    assertThat(lazy.json()).isEqualTo(read.json());
    assertThat(lazy).isEqualTo(read).hasSameHashCodeAs(read);
    assertThat(JsonNodeValue.nodeOf(lazy)).isEqualTo(Json.parse(text));
    assertThat(JsonNodeValue.nodeOf(lazy)).as("read once, then kept").isSameAs(JsonNodeValue.nodeOf(lazy));
  }

  @Test
  void aLazyViewOfTextThatCannotBeReadFailsLoudlyNeverAsAValue() {
    JsonValue broken = JsonNodeValue.lazy("{\"a\":");
    assertThatThrownBy(broken::isObject).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("\"a\"");
  }

  @Test
  void aForeignValueIsReadFromItsJsonStrictly() throws Exception {
    JsonValue foreign = new ForeignValue("{\"a\":1}");
    assertThat(JsonNodeValue.nodeOf(foreign).get("a").asText()).isEqualTo("1");
    assertThatThrownBy(() -> JsonNodeValue.nodeOf(new ForeignValue("{\"a\":1,\"a\":2}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A value a custom check might build itself. */
  private record ForeignValue(String json) implements JsonValue {
    @Override
    public boolean isObject() {
      return true;
    }

    @Override
    public boolean isArray() {
      return false;
    }

    @Override
    public boolean isString() {
      return false;
    }

    @Override
    public boolean isNumber() {
      return false;
    }

    @Override
    public boolean isBoolean() {
      return false;
    }

    @Override
    public boolean isNull() {
      return false;
    }

    @Override
    public String text() {
      return json;
    }

    @Override
    public Optional<JsonValue> field(String name) {
      return Optional.empty();
    }

    @Override
    public List<String> fieldNames() {
      return List.of();
    }

    @Override
    public List<JsonValue> elements() {
      return List.of();
    }
  }
}
