package com.example.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** The consumer's LangChain4j tools; the metadata tells agent-guard which argument is a path. */
public final class NoteTools {

  /** Creates the tools. */
  public NoteTools() {}

  /**
   * Reads a note.
   *
   * @param path the note's path
   * @return the note's text
   */
  @Tool(name = "read_file", value = "Reads a note from the workspace", metadata = "{\"agent_guard.file.read\": \"/path\"}")
  public String readFile(@P(name = "path", value = "the note's path") String path) {
    return "contents of " + path;
  }
}
