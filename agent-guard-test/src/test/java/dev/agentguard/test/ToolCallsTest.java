package dev.agentguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolCall;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallsTest {

  @Test
  void buildsArgumentsAndContext() {
    ToolCall call = ToolCalls.call("read_file")
        .arg("path", "a.txt")
        .arg("limit", 10)
        .arg("recursive", true)
        .arg("globs", List.of("*.md", "*.txt"))
        .arg("opts", Map.of("k", "v"))
        .nullArg("encoding")
        .conversation("c-1")
        .rationale("the user asked")
        .alternative("list_dir")
        .agent("agent-7")
        .agentName("helper")
        .principal("alice")
        .workingDirectory(Path.of("/ws/sub"))
        .attribute("tenant", "t1")
        .id("call-1")
        .build();
    assertThat(call.id()).isEqualTo("call-1");
    assertThat(call.toolName()).isEqualTo("read_file");
    assertThat(call.argumentsJson()).isEqualTo(
        "{\"path\":\"a.txt\",\"limit\":10,\"recursive\":true,\"globs\":[\"*.md\",\"*.txt\"],"
            + "\"opts\":{\"k\":\"v\"},\"encoding\":null}");
    assertThat(call.context().conversationId()).contains("c-1");
    assertThat(call.context().rationale()).contains("the user asked");
    assertThat(call.context().alternatives()).containsExactly("list_dir");
    assertThat(call.context().agentId()).contains("agent-7");
    assertThat(call.context().agentName()).contains("helper");
    assertThat(call.context().principal()).contains("alice");
    assertThat(call.context().workingDirectory()).contains(Path.of("/ws/sub").toString());
    assertThat(call.context().attributes()).containsEntry("tenant", "t1");
  }

  @Test
  void pathsAreWrittenAsAModelWouldWriteThem() {
    assertThat(ToolCalls.call("read_file").arg("path", Path.of("/ws/a.txt")).build().argumentsJson())
        .isEqualTo("{\"path\":\"" + Path.of("/ws/a.txt") + "\"}");
  }

  @Test
  void escapesStringsProperly() {
    ToolCall call = ToolCalls.readFile("quote\" and \\ and \n").build();
    assertThat(call.argumentsJson()).isEqualTo("{\"path\":\"quote\\\" and \\\\ and \\n\"}");
  }

  @Test
  void shortcutsMatchTheDesignDescriptors() {
    assertThat(ToolCalls.readFile("a").build().argumentsJson()).isEqualTo("{\"path\":\"a\"}");
    assertThat(ToolCalls.writeFile("a", "x").build().argumentsJson()).isEqualTo("{\"path\":\"a\",\"content\":\"x\"}");
    assertThat(ToolCalls.fetch("https://x").build().toolName()).isEqualTo("fetch");
    assertThat(ToolCalls.shell("ls").build().argumentsJson()).isEqualTo("{\"command\":\"ls\"}");
    assertThat(ToolCalls.call("noop").build().argumentsJson()).isEqualTo("{}");
  }

  @Test
  void eachBuildGetsAFreshIdUnlessOneIsSet() {
    ToolCalls.Builder b = ToolCalls.call("noop");
    assertThat(b.build().id()).isNotEqualTo(b.build().id());
    assertThat(b.id("x").build().id()).isEqualTo("x");
  }

  @Test
  void rawArgumentsAreKeptVerbatim() {
    assertThat(ToolCalls.call("t").argumentsJson("{not json").build().argumentsJson()).isEqualTo("{not json");
    assertThat(ToolCalls.call("t").argumentsJson("{\"a\":1}").arg("b", 2).build().argumentsJson())
        .isEqualTo("{\"a\":1,\"b\":2}");
    assertThatThrownBy(() -> ToolCalls.call("t").argumentsJson("[1]").arg("b", 2))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsNullsNamingTheArgument() {
    assertThatThrownBy(() -> ToolCalls.call(null)).hasMessageContaining("toolName");
    assertThatThrownBy(() -> ToolCalls.call("t").arg("path", null)).hasMessageContaining("'path'");
    assertThatThrownBy(() -> ToolCalls.call("t").arg(null, "x")).hasMessageContaining("name");
    assertThatThrownBy(() -> ToolCalls.call("t").conversation(null)).hasMessageContaining("conversationId");
    assertThatThrownBy(() -> ToolCalls.readFile(null)).hasMessageContaining("path");
  }
}
