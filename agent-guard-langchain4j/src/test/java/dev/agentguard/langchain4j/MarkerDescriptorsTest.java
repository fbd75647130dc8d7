package dev.agentguard.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [path:read]}-style markers work with nothing but {@code AgentGuardTools.wrap}: the guard judges the
 * marked argument, the model never sees the marker, and an undescribed tool's refusal says it is undescribed.
 */
class MarkerDescriptorsTest {

  @TempDir
  Path dir;

  final List<String> ran = new CopyOnWriteArrayList<>();

  /** Tools that describe their resources only by markers; the policy names neither tool. */
  final class MarkedTools {
    @Tool(name = "read_text", value = "Reads a text file")
    String readText(@P(name = "path", value = "[path:read] the file to read") String path) {
      ran.add("read_text " + path);
      return "text of " + path;
    }

    @Tool(name = "word_count", value = "Counts words")
    String wordCount(@P(name = "text", value = "the text") String text) {
      ran.add("word_count");
      return "3";
    }
  }

  private AgentGuard guard() throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("ws"));
    Policy policy = Policy.builder().root("${workspace}", RootAccess.READ).denyPath("**/.env").build();
    return AgentGuard.builder().policy(policy)
        .environment(new GuardEnvironment(workspace, Files.createDirectories(dir.resolve("home")), dir)).build();
  }

  private static String run(AiServiceTool tool, String arguments) {
    return tool.toolExecutor().execute(ToolExecutionRequest.builder().id("c").name(tool.name())
        .arguments(arguments).build(), "memory");
  }

  private static AiServiceTool named(List<AiServiceTool> tools, String name) {
    return tools.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aMarkedParameterIsJudgedAndTheModelSeesNoMarker() throws Exception {
    try (AgentGuard guard = guard()) {
      List<AiServiceTool> tools = AgentGuardTools.wrap(guard, new MarkedTools());
      AiServiceTool readText = named(tools, "read_text");

      assertThat(readText.toolSpecification().parameters().properties().get("path").description())
          .isEqualTo("the file to read");
      assertThat(readText.toolSpecification().toString()).doesNotContain("[path:read]");

      assertThat(run(readText, "{\"path\":\"notes.md\"}")).isEqualTo("text of notes.md");
      assertThat(run(readText, "{\"path\":\"config/.env\"}"))
          .contains("rule filesystem.deny-glob").contains("'config/.env'").doesNotContain(dir.toString());
      assertThat(run(readText, "{\"path\":\"/etc/passwd\"}")).contains("filesystem.outside-roots");
      assertThat(ran).containsExactly("read_text notes.md");
    }
  }

  @Test
  void anUndescribedToolsRefusalSaysSoAndNotOnlyThatNoApproverIsConfigured() throws Exception {
    try (AgentGuard guard = guard()) {
      String refusal = run(named(AgentGuardTools.wrap(guard, new MarkedTools()), "word_count"), "{\"text\":\"a b c\"}");
      assertThat(refusal).contains("tool 'word_count' is undescribed").contains("no approver is configured");
      assertThat(ran).isEmpty();
    }
  }

  @Test
  void theMapAndProviderFormsApplyAndStripMarkersToo() throws Exception {
    ToolSpecification spec = ToolSpecification.builder().name("cat").description("Prints a file")
        .parameters(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
            .addStringProperty("file", "[path:read]  which file").build()).build();
    ToolExecutor executor = (request, memoryId) -> {
      ran.add("cat " + request.arguments());
      return "ok";
    };
    try (AgentGuard guard = guard()) {
      Map<ToolSpecification, ToolExecutor> wrapped = AgentGuardTools.wrap(guard, Map.of(spec, executor));
      Map.Entry<ToolSpecification, ToolExecutor> only = wrapped.entrySet().iterator().next();
      assertThat(only.getKey().parameters().properties().get("file").description()).isEqualTo("which file");
      String refused = only.getValue().execute(ToolExecutionRequest.builder().id("c").name("cat")
          .arguments("{\"file\":\".env\"}").build(), "m");
      assertThat(refused).contains("filesystem.deny-glob");
      assertThat(ran).isEmpty();
    }
  }

  @Test
  void aToolThePolicyDescribesKeepsThePolicysDescriptor() throws Exception {
    try (AgentGuard base = guard()) {
      AgentGuard same = base.withToolDescriptors(List.of());
      assertThat(same).isSameAs(base);
      AgentGuard described = base.withToolDescriptors(
          AgentGuardTools.descriptors(new MarkedTools()));
      assertThat(described.policy().tools()).containsKey("read_text");
      AgentGuard again = described.withToolDescriptors(List.of(dev.agentguard.api.ToolDescriptor.of("read_text")));
      assertThat(again).isSameAs(described);
    }
  }
}
