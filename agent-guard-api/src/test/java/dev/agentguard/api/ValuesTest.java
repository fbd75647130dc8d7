package dev.agentguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void commandExecHoldsExactlyOneForm() {
    assertThat(Resource.CommandExec.line("ls").isCommandLine()).isTrue();
    assertThat(Resource.CommandExec.argv(List.of("ls", "-l")).argv()).containsExactly("ls", "-l");
    assertThatThrownBy(() -> new Resource.CommandExec("ls", List.of("ls")))
        .hasMessage("exactly one of commandLine and argv must be given");
    assertThatThrownBy(() -> new Resource.CommandExec(null, null))
        .hasMessage("exactly one of commandLine and argv must be given");
  }

  @Test
  void valuesAreDefensiveCopies() {
    List<String> argv = new ArrayList<>(List.of("ls"));
    Resource.CommandExec exec = Resource.CommandExec.argv(argv);
    argv.add("-la");
    assertThat(exec.argv()).containsExactly("ls");
    assertThatThrownBy(() -> exec.argv().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void descriptorPointersMustBeJsonPointers() {
    assertThatThrownBy(() -> ToolDescriptor.ResourceSpec.fileRead("path"))
        .hasMessage("pointer 'path' is not a JSON Pointer: it must be empty or start with '/'");
    assertThatThrownBy(() -> new ToolDescriptor.ResourceSpec(ResourceKind.URL, "/u", Access.READ))
        .hasMessage("only file resources have an access");
  }

  @Test
  void callContextEqualityCoversEveryField() {
    CallContext a = CallContext.builder().agentName("a").conversationId("c").rationale("r").alternative("x").build();
    CallContext b = a.toBuilder().build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toBuilder().rationale("other").build()).isNotEqualTo(a);
    assertThat(a.toBuilder().attribute("k", "v").build()).isNotEqualTo(a);
  }

  @Test
  void deniedExceptionNamesRuleAndReason() {
    ToolCallDeniedException e = new ToolCallDeniedException("sql",
        Decision.deny("tools", "no-db-drop", "dropping tables is forbidden"));
    assertThat(e).hasMessage("tool call 'sql' refused by tools rule 'no-db-drop': dropping tables is forbidden");
    assertThat(e.decision().rule()).isEqualTo("no-db-drop");
  }
}
