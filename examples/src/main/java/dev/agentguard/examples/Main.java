package dev.agentguard.examples;

import java.util.Arrays;

/** Entry point of the examples jar: no argument runs the guard demo; a name runs that demo. */
public final class Main {

  private Main() {}

  /** Runs the demo named by the first argument, or the guard demo. */
  public static void main(String[] args) throws Exception {
    String name = args.length == 0 || args[0].startsWith("--") ? "demo" : args[0];
    String[] rest = args.length == 0 || args[0].startsWith("--") ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (name) {
      case "demo":
        GuardDemo.run(rest, System.out);
        break;
      case "session":
        SessionDemo.run(rest, System.out);
        break;
      case "langchain4j":
        dev.agentguard.examples.langchain4j.LangChain4jDemo.run(rest, System.out);
        break;
      case "sandbox":
        SandboxDemo.run(rest, System.out);
        break;
      default:
        System.err.println("unknown demo '" + name + "'; available: demo, session, langchain4j, sandbox");
        System.exit(2);
    }
  }
}
