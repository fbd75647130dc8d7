package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every relative link and anchor in every Markdown file of the repository points at something that exists. */
class MarkdownLinksTest {

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws Exception {
    Path root = RepositoryFiles.root();
    List<Path> files = RepositoryFiles.markdownFiles(root);
    assertThat(files).contains(root.resolve("README.md"), root.resolve("CHANGELOG.md"));
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      for (Markdown.Link link : Markdown.links(text)) {
        if (link.target().isEmpty() || SCHEME.matcher(link.target()).matches()) {
          continue;
        }
        checked++;
        String problem = problem(root, file, link.target());
        if (problem != null) {
          broken.add(root.relativize(file) + ":" + link.line() + ": " + link.target() + " (" + problem + ")");
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
    assertThat(checked).as("relative links checked").isGreaterThan(20);
  }

  private static String problem(Path root, Path file, String target) throws Exception {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = path.isEmpty() ? file : file.getParent().resolve(
        java.net.URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
    if (!resolved.startsWith(root)) {
      return "outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor == null || anchor.isEmpty()) {
      return null;
    }
    if (!resolved.getFileName().toString().endsWith(".md")) {
      return anchor.matches("L\\d+(-L\\d+)?") ? null : "an anchor into a file that is not Markdown";
    }
    return Markdown.anchors(Files.readString(resolved, StandardCharsets.UTF_8)).contains(anchor)
        ? null : "no heading with anchor #" + anchor;
  }

  @Test
  void anchorsFollowGitHubsRules() {
    assertThat(Markdown.slug("Network allowlist, guarded HTTP client and egress proxy"))
        .isEqualTo("network-allowlist-guarded-http-client-and-egress-proxy");
    assertThat(Markdown.slug("The `agent-guard` command line")).isEqualTo("the-agent-guard-command-line");
    assertThat(Markdown.slug("Approvals: the agent proposes, a human disposes"))
        .isEqualTo("approvals-the-agent-proposes-a-human-disposes");
    assertThat(Markdown.slug("`check`: a batch of calls")).isEqualTo("check-a-batch-of-calls");
    assertThat(Markdown.slug("[0.2.0] - unreleased")).isEqualTo("020---unreleased");
    assertThat(Markdown.slug("snake_case and **bold**")).isEqualTo("snake_case-and-bold");
    assertThat(Markdown.anchors("# A\n## A\n```\n# not a heading\n```\n### A\n"))
        .containsExactly("a", "a-1", "a-2");
  }

  @Test
  void linksInCodeAreNotLinks() {
    assertThat(Markdown.links("see [a](a.md) and `[b](b.md)`\n```\n[c](c.md)\n```\n<!-- [d](d.md) -->\n[e]: e.md\n"))
        .extracting(Markdown.Link::target).containsExactly("a.md", "e.md");
  }
}
