package dev.agentguard.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentguard.core.check.GuardEnvironment;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Loads policy files (YAML or JSON, one schema: docs/policy-file.md) into immutable {@link Policy} values, and
 * composes layered files. A file loads whole or not at all; every problem is reported as
 * {@code FILE:LINE:COL: message}.
 */
public final class PolicyLoader {

  /** The largest policy file read, in bytes. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .build();
  private static final YAMLFactory YAML = new YAMLFactory();

  private PolicyLoader() {}

  /**
   * Loads the policy in {@code file}; errors name the file as {@code file.toString()}.
   *
   * @param file the policy file, YAML or JSON (by its {@code .json} name)
   * @return the policy
   * @throws PolicyException with every error found, if the file is not a valid policy
   * @throws IOException if the file cannot be read
   */
  public static Policy load(Path file) throws PolicyException, IOException {
    Objects.requireNonNull(file, "file must not be null");
    return load(file, file.toString());
  }

  /**
   * Loads the policy in {@code file}, naming it {@code displayName} in errors.
   *
   * @param file the policy file, YAML or JSON (by its {@code .json} name)
   * @param displayName the file's name in error messages
   * @return the policy
   * @throws PolicyException with every error found, if the file is not a valid policy
   * @throws IOException if the file cannot be read
   */
  public static Policy load(Path file, String displayName) throws PolicyException, IOException {
    Objects.requireNonNull(file, "file must not be null");
    Objects.requireNonNull(displayName, "displayName must not be null");
    return loadLayer(file, displayName).policy();
  }

  private static Layer loadLayer(Path file, String displayName) throws PolicyException, IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new PolicyException(List.of(new PolicyError(displayName, 1, 1,
          "the policy file is " + size + " bytes, over the limit of " + MAX_FILE_BYTES)));
    }
    String text = utf8(Files.readAllBytes(file), displayName);
    return parseLayer(text, displayName,
        formatOf(file.getFileName() == null ? "" : file.getFileName().toString(), text));
  }

  private static String utf8(byte[] bytes, String displayName) throws PolicyException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(List.of(new PolicyError(displayName, 1, 1, "the policy file is not UTF-8 text")));
    }
  }

  /** The prefix of a classpath location, as in {@code classpath:policies/agent.yaml}. */
  public static final String CLASSPATH_PREFIX = "classpath:";

  /**
   * Loads the policy at {@code location}: {@code classpath:NAME} is the classpath resource {@code NAME} (found
   * with the thread's context class loader, or this class's), {@code file:PATH} or any other text is a file path.
   * Errors name the location as given.
   *
   * @param location {@code classpath:NAME}, {@code file:PATH} or a path
   * @return the policy
   * @throws PolicyException with every error found, if the resource or file is not a valid policy
   * @throws IOException if it cannot be read, or no such resource exists
   */
  public static Policy load(String location) throws PolicyException, IOException {
    Objects.requireNonNull(location, "location must not be null");
    if (location.startsWith(CLASSPATH_PREFIX)) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return loadResource(location.substring(CLASSPATH_PREFIX.length()),
          loader == null ? PolicyLoader.class.getClassLoader() : loader);
    }
    String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
    return load(Path.of(path), location);
  }

  /**
   * Loads the policy in the classpath resource {@code resource} (such as {@code policies/agent.yaml}, no leading
   * slash) with {@code loader}; errors name it {@code classpath:RESOURCE}.
   *
   * @param resource the resource name
   * @param loader the class loader to find it with
   * @return the policy
   * @throws PolicyException with every error found, if the resource is not a valid policy
   * @throws IOException if it cannot be read, or {@code loader} has no such resource
   */
  public static Policy loadResource(String resource, ClassLoader loader) throws PolicyException, IOException {
    Objects.requireNonNull(resource, "resource must not be null");
    Objects.requireNonNull(loader, "loader must not be null");
    String displayName = CLASSPATH_PREFIX + resource;
    byte[] bytes;
    try (java.io.InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new java.io.FileNotFoundException("no classpath resource '" + resource + "'");
      }
      bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new PolicyException(List.of(new PolicyError(displayName, 1, 1,
          "the policy file is over the limit of " + MAX_FILE_BYTES + " bytes")));
    }
    String text = utf8(bytes, displayName);
    String name = resource.contains("/") ? resource.substring(resource.lastIndexOf('/') + 1) : resource;
    return parseLayer(text, displayName, formatOf(name, text)).policy();
  }

  /** The two policy-file syntaxes. */
  public enum Format {
    /** YAML 1.1 (a superset of JSON for our purposes). */
    YAML,
    /** JSON. */
    JSON
  }

  /**
   * Parses policy text.
   *
   * @param text the file's content
   * @param fileName the name used in error messages
   * @param format YAML or JSON
   * @return the policy
   * @throws PolicyException with every error found
   */
  public static Policy parse(String text, String fileName, Format format) throws PolicyException {
    return parseLayer(text, fileName, format).policy();
  }

  /** A loaded file and the settings it set explicitly. */
  record Layer(Policy policy, java.util.Set<String> present) {}

  static Layer parseLayer(String text, String fileName, Format format) throws PolicyException {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(fileName, "fileName must not be null");
    Objects.requireNonNull(format, "format must not be null");
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<int[]> duplicateAt = new ArrayList<>();
    List<String> duplicateKeys = new ArrayList<>();
    LocatedTree.Node root;
    try (JsonParser parser = format == Format.JSON ? JSON.createParser(text) : YAML.createParser(text)) {
      root = LocatedTree.read(parser, duplicateAt, duplicateKeys);
    } catch (LocatedTree.SyntaxError e) {
      throw new PolicyException(List.of(new PolicyError(fileName, e.line, e.column, e.getMessage())));
    } catch (IOException | RuntimeException e) {
      throw new PolicyException(List.of(new PolicyError(fileName, 1, 1,
          "cannot read the policy: " + e.getClass().getSimpleName())));
    }
    PolicyReader reader = new PolicyReader(fileName);
    for (int i = 0; i < duplicateAt.size(); i++) {
      reader.error(duplicateAt.get(i)[0], duplicateAt.get(i)[1], "duplicate key '" + duplicateKeys.get(i) + "'");
    }
    Policy policy = reader.read(root);
    List<PolicyError> errors = new ArrayList<>(reader.errors());
    if (!errors.isEmpty() || policy == null) {
      errors.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
          : Integer.compare(a.column(), b.column()));
      throw new PolicyException(errors);
    }
    return new Layer(policy, java.util.Set.copyOf(reader.present()));
  }

  /**
   * Loads and composes layered policy files, first (organisation) to last (project, user). A later layer can
   * only tighten: what would loosen the layers before it is reported and not applied. Prefer
   * {@link #compose(List, Path)} when a layer may come from the workspace.
   *
   * @param layers the policy files, base first
   * @return the effective policy and one warning per refused loosening
   * @throws PolicyException if any file is invalid
   * @throws IOException if a file cannot be read
   */
  public static ComposedPolicy compose(List<Path> layers) throws PolicyException, IOException {
    Objects.requireNonNull(layers, "layers must not be null");
    return composeInOrder(layers, List.of(), null);
  }

  /**
   * As {@link #compose(List)}, but a policy file found inside {@code workspace} (which the agent may be able to
   * write) is never trusted above the host's own layers: such files are moved after every file outside the
   * workspace, keeping their relative order, so they can only tighten the host's policy. The move is reported
   * in {@link ComposedPolicy#warnings()}. Paths are compared after resolving symbolic links where they exist;
   * roots of later layers are compared with the earlier roots in this workspace (with {@code user.home} and
   * {@code java.io.tmpdir}), so a root reached through a symbolic link does not count as inside an earlier root
   * it leads out of.
   *
   * @param layers the policy files, base first
   * @param workspace the directory the agent may write in
   * @return the effective policy and one warning per refused loosening or moved layer
   * @throws PolicyException if any file is invalid
   * @throws IOException if a file cannot be read
   */
  public static ComposedPolicy compose(List<Path> layers, Path workspace) throws PolicyException, IOException {
    Objects.requireNonNull(layers, "layers must not be null");
    Objects.requireNonNull(workspace, "workspace must not be null");
    Path ws = realOrAbsolute(workspace);
    List<Path> host = new ArrayList<>();
    List<Path> inside = new ArrayList<>();
    for (Path layer : layers) {
      (realOrAbsolute(layer).startsWith(ws) ? inside : host).add(layer);
    }
    List<Path> ordered = new ArrayList<>(host);
    ordered.addAll(inside);
    List<String> notes = new ArrayList<>();
    if (!host.isEmpty() && !ordered.equals(layers)) {
      for (Path p : inside) {
        notes.add(p + ": inside the workspace " + workspace + "; applied after the host's layers, so it can only"
            + " tighten them");
      }
    }
    return composeInOrder(ordered, notes, GuardEnvironment.ofWorkspace(ws));
  }

  private static Path realOrAbsolute(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (IOException | SecurityException e) {
      Path parent = abs.getParent();
      if (parent != null && abs.getFileName() != null) {
        try {
          return parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException | SecurityException e2) {
          return abs;
        }
      }
      return abs;
    }
  }

  private static ComposedPolicy composeInOrder(List<Path> layers, List<String> notes, GuardEnvironment env)
      throws PolicyException, IOException {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("compose needs at least one layer");
    }
    List<PolicyError> errors = new ArrayList<>();
    List<Policy> policies = new ArrayList<>();
    List<java.util.Set<String>> present = new ArrayList<>();
    for (Path layer : layers) {
      try {
        Layer loaded = loadLayer(layer, layer.toString());
        policies.add(loaded.policy());
        present.add(loaded.present());
      } catch (PolicyException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new PolicyException(errors);
    }
    List<String> names = new ArrayList<>();
    for (Path layer : layers) {
      names.add(layer.toString());
    }
    ComposedPolicy composed = PolicyLayers.compose(policies, names, present, env);
    if (notes.isEmpty()) {
      return composed;
    }
    List<String> warnings = new ArrayList<>(notes);
    warnings.addAll(composed.warnings());
    return new ComposedPolicy(composed.policy(), warnings);
  }

  static Format formatOf(String fileName, String text) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return Format.JSON;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return Format.YAML;
    }
    return text.stripLeading().startsWith("{") ? Format.JSON : Format.YAML;
  }
}
