package dev.agentguard.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Descriptors read from tool specifications: metadata keys and parameter-description markers. */
class ToolDescriptorsTest {

  static final class Annotated {
    @Tool(name = "copy", value = "Copies a file",
        metadata = "{\"agent_guard.file.read\": \"/from\", \"agent_guard.file.write\": [\"/to\"]}")
    String copy(@P(name = "from", value = "source") String from, @P(name = "to", value = "target") String to) {
      return "";
    }

    @Tool(name = "shell", value = "Runs a command")
    String shell(@P(name = "command", value = "[command] the command line") String command) {
      return "";
    }

    @Tool(name = "fetch_all", value = "Fetches URLs")
    String fetchAll(@P(name = "urls", value = "[url] addresses") List<String> urls) {
      return "";
    }

    @Tool(name = "plain", value = "Touches nothing")
    String plain(@P(name = "x", value = "anything") String x) {
      return "";
    }
  }

  @Test
  void annotatedToolObjectsYieldDescriptors() {
    List<ToolDescriptor> descriptors = AgentGuardTools.descriptors(new Annotated());
    assertThat(descriptors).containsExactlyInAnyOrder(
        ToolDescriptor.of("copy", ResourceSpec.fileRead("/from"), ResourceSpec.fileWrite("/to")),
        ToolDescriptor.of("shell", ResourceSpec.command("/command")),
        ToolDescriptor.of("fetch_all", ResourceSpec.url("/urls/*")));
  }

  @Test
  void toolClassesYieldTheSameDescriptorsAsObjects() {
    assertThat(AgentGuardTools.descriptorsOf(Annotated.class))
        .containsExactlyInAnyOrderElementsOf(AgentGuardTools.descriptors(new Annotated()));
  }

  @Test
  void markersAndMetadataCombineWithoutDuplicates() {
    ToolSpecification spec = ToolSpecification.builder().name("write_note")
        .parameters(JsonObjectSchema.builder()
            .addProperty("path", JsonStringSchema.builder().description("[path:write] where").build())
            .addProperty("a/b", JsonStringSchema.builder().description("  [PATH:READ] odd name").build())
            .addProperty("argv", JsonArraySchema.builder().items(new JsonStringSchema())
                .description("[command] argv").build())
            .build())
        .metadata(Map.of(ToolDescriptors.FILE_WRITE, "/path"))
        .build();
    assertThat(ToolDescriptors.fromSpecification(spec)).contains(new ToolDescriptor("write_note", List.of(
        ResourceSpec.fileWrite("/path"), ResourceSpec.fileRead("/a~1b"), ResourceSpec.command("/argv"))));
  }

  @Test
  void noDeclarationsMeansNoDescriptor() {
    ToolSpecification spec = ToolSpecification.builder().name("plain").build();
    assertThat(ToolDescriptors.fromSpecification(spec)).isEmpty();
  }

  @Test
  void badMetadataIsAClearError() {
    assertThatThrownBy(() -> ToolDescriptors.fromSpecification(ToolSpecification.builder().name("t")
        .metadata(Map.of(ToolDescriptors.URL, 42)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool 't'").hasMessageContaining(ToolDescriptors.URL);
    assertThatThrownBy(() -> ToolDescriptors.fromSpecification(ToolSpecification.builder().name("t")
        .metadata(Map.of(ToolDescriptors.URL, "url")).build()))
        .hasMessageContaining("JSON Pointer");
    assertThatThrownBy(() -> ToolDescriptors.fromSpecification(ToolSpecification.builder().name("t")
        .metadata(Map.of("agent_guard.file.exec", "/x")).build()))
        .hasMessageContaining("unknown metadata key 'agent_guard.file.exec'");
  }
}
