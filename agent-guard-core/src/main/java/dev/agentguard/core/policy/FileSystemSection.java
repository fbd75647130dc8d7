package dev.agentguard.core.policy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code filesystem} section (roots, deny and protected globs, outsideRoots) and glob lists. */
final class FileSystemSection {

  private final PolicyFields in;

  FileSystemSection(PolicyFields in) {
    this.in = in;
  }

  FileSystemRules read(Field field) {
    Obj o = field == null ? null : in.object(field.value(), "filesystem");
    if (o == null) {
      return FileSystemRules.NONE;
    }
    in.keys(o, "filesystem", "roots", "deny", "outsideRoots", "protected");
    if (o.fields().containsKey("roots")) {
      in.markPresent("filesystem.roots");
    }
    List<FileSystemRules.Root> roots = new ArrayList<>();
    for (Node item : in.list(o.fields().get("roots"), "filesystem.roots")) {
      FileSystemRules.Root root = root(item);
      if (root != null) {
        roots.add(root);
      }
    }
    List<String> deny = globs(o.fields().get("deny"), "filesystem.deny", false);
    List<String> protectedPaths = globs(o.fields().get("protected"), "filesystem.protected", true);
    Verdict outside = in.denyOrAsk(o.fields().get("outsideRoots"), "filesystem.outsideRoots");
    try {
      return new FileSystemRules(roots, deny, outside, protectedPaths);
    } catch (IllegalArgumentException e) {
      in.error(field, PolicyFields.clean(e.getMessage()));
      return FileSystemRules.NONE;
    }
  }

  /** One {@code {path, access}} root; {@code null} after reporting why it is invalid. */
  private FileSystemRules.Root root(Node item) {
    Obj r = in.object(item, "a filesystem root");
    if (r == null) {
      return null;
    }
    in.keys(r, "a filesystem root", "path", "access");
    String path = in.requiredString(r, "path", "a filesystem root");
    String access = in.requiredString(r, "access", "a filesystem root");
    if (path == null || access == null) {
      return null;
    }
    FileSystemRules.RootAccess ra;
    try {
      ra = FileSystemRules.RootAccess.fromLabel(access);
    } catch (IllegalArgumentException e) {
      in.error(r.fields().get("access").value(), e.getMessage());
      return null;
    }
    Node pathNode = r.fields().get("path").value();
    if (!in.variablesOk(pathNode, path)) {
      return null;
    }
    try {
      FileSystemRules.Root root = new FileSystemRules.Root(path, ra);
      new FileSystemRules(List.of(root), List.of(), Verdict.DENY, List.of());
      return root;
    } catch (IllegalArgumentException e) {
      in.error(pathNode, PolicyFields.clean(e.getMessage()));
      return null;
    }
  }

  /** A list of path globs, each checked as a deny glob (or a protected one); invalid globs are reported. */
  List<String> globs(Field field, String where, boolean protect) {
    List<String> out = new ArrayList<>();
    for (Node item : in.list(field, where)) {
      String glob = in.string(item, "a glob in " + where);
      if (glob == null || !in.variablesOk(item, glob)) {
        continue;
      }
      try {
        if (protect) {
          new FileSystemRules(List.of(), List.of(), Verdict.DENY, List.of(glob));
        } else {
          new FileSystemRules(List.of(), List.of(glob), Verdict.DENY, List.of());
        }
        out.add(glob);
      } catch (IllegalArgumentException e) {
        in.error(item, PolicyFields.clean(e.getMessage()));
      }
    }
    return out;
  }
}
