package dev.agentguard.langchain4j;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.core.AgentGuard;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import dev.langchain4j.service.tool.ToolService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One-line guarding of LangChain4j tools. Every tool handed to {@code AiServices} through these methods runs
 * through the guard first:
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model)
 *     .tools(AgentGuardTools.wrap(guard, new FileTools(), new WebTools()))
 *     .build();
 * }</pre>
 *
 * <p>Resources a tool declares next to its code ({@code @Tool(metadata = ...)} keys and {@code [path:read]},
 * {@code [path:write]}, {@code [url]}, {@code [command]} parameter markers, see {@link ToolDescriptors}) are applied
 * by the wrapping itself: the guard judges those arguments for a tool its policy does not describe (a descriptor in
 * the policy wins), and the specifications handed to the model carry the descriptions without the markers.
 *
 * <p>The static methods use {@link GuardSettings#defaults()}; {@link #using(AgentGuard, GuardSettings)} returns
 * an instance with other settings (such as an {@link AgentRationale}). Instances are immutable and thread-safe.
 */
public final class AgentGuardTools {

  private final AgentGuard guard;
  private final GuardSettings settings;

  private AgentGuardTools(AgentGuard guard, GuardSettings settings) {
    this.guard = Objects.requireNonNull(guard, "guard must not be null");
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
  }

  /**
   * Returns a wrapper that guards tools with {@code guard} and {@code settings}.
   *
   * @param guard the guard that judges every call; not {@code null}
   * @param settings how a call's context is read from LangChain4j's invocation; not {@code null}
   * @return a wrapper that guards tools with {@code guard} and {@code settings}
   */
  public static AgentGuardTools using(AgentGuard guard, GuardSettings settings) {
    return new AgentGuardTools(guard, settings);
  }

  /**
   * Returns the {@code @Tool} methods of {@code toolObjects}, each guarded by {@code guard}, for
   * {@code AiServices.tools(List<AiServiceTool>)}. Return behaviour and specification are kept.
   *
   * @param guard the guard that judges every call
   * @param toolObjects objects with {@code @Tool} methods
   * @return the {@code @Tool} methods of {@code toolObjects}, each guarded by {@code guard}, for {@code
   *     AiServices.tools(List<AiServiceTool>)}
   * @throws IllegalArgumentException if an element is null
   */
  public static List<AiServiceTool> wrap(AgentGuard guard, Object... toolObjects) {
    return using(guard, GuardSettings.defaults()).tools(toolObjects);
  }

  /**
   * Returns {@code tools} with every executor guarded by {@code guard}, for {@code AiServices.tools(Map)}.
   *
   * @param guard the guard that judges every call
   * @param tools the specifications and their executors; no {@code null} key or value
   * @return {@code tools} with every executor guarded by {@code guard}, for {@code AiServices.tools(Map)}
   */
  public static Map<ToolSpecification, ToolExecutor> wrap(AgentGuard guard, Map<ToolSpecification, ToolExecutor> tools) {
    return using(guard, GuardSettings.defaults()).tools(tools);
  }

  /**
   * Returns a provider whose tools are {@code provider}'s, each guarded by {@code guard}, for
   * {@code AiServices.toolProvider(...)}. Works for any provider, including LangChain4j's {@code McpToolProvider}.
   *
   * @param guard the guard that judges every call
   * @param provider the provider whose tools to guard; not {@code null}
   * @return a provider whose tools are {@code provider}'s, each guarded by {@code guard}, for {@code
   *     AiServices.toolProvider(...)}
   */
  public static ToolProvider wrap(AgentGuard guard, ToolProvider provider) {
    return using(guard, GuardSettings.defaults()).toolProvider(provider);
  }

  /**
   * Returns a function that guards one executor with {@code guard}: the shape
   * {@code McpToolProvider.builder().toolWrapper(Function<ToolExecutor, ToolExecutor>)} takes.
   *
   * @param guard the guard that judges every call
   * @return a function that guards one executor with {@code guard}: the shape {@code
   *     McpToolProvider.builder().toolWrapper(Function<ToolExecutor, ToolExecutor>)} takes
   */
  public static Function<ToolExecutor, ToolExecutor> toolWrapper(AgentGuard guard) {
    return using(guard, GuardSettings.defaults()).toolWrapper();
  }

  /**
   * Returns the descriptors the {@code @Tool} methods of {@code toolObjects} declare (see
   * {@link ToolDescriptors}), to add to a policy with {@code Policy.builder().tool(...)}.
   *
   * @param toolObjects objects with {@code @Tool} methods
   * @return the descriptors the {@code @Tool} methods of {@code toolObjects} declare (see {@link ToolDescriptors}),
   *     to add to a policy with {@code Policy.builder().tool(...)}
   */
  public static List<ToolDescriptor> descriptors(Object... toolObjects) {
    List<ToolSpecification> specifications = new ArrayList<>();
    for (AiServiceTool tool : findTools(toolObjects)) {
      specifications.add(tool.toolSpecification());
    }
    return ToolDescriptors.fromSpecifications(specifications);
  }

  /**
   * Returns the descriptors the {@code @Tool} methods of {@code toolClasses} declare, for when the guard must
   * exist before the tool objects (build the policy from the classes, then the guard, then the tools).
   *
   * @param toolClasses classes with {@code @Tool} methods; no {@code null} element
   * @return the descriptors the {@code @Tool} methods of {@code toolClasses} declare, for when the guard must exist
   *     before the tool objects (build the policy from the classes, then the guard, then the tools)
   */
  public static List<ToolDescriptor> descriptorsOf(Class<?>... toolClasses) {
    Objects.requireNonNull(toolClasses, "toolClasses must not be null");
    List<ToolSpecification> specifications = new ArrayList<>();
    for (int i = 0; i < toolClasses.length; i++) {
      if (toolClasses[i] == null) {
        throw new IllegalArgumentException("toolClasses[" + i + "] must not be null");
      }
      specifications.addAll(ToolSpecifications.toolSpecificationsFrom(toolClasses[i]));
    }
    return ToolDescriptors.fromSpecifications(specifications);
  }

  /**
   * Returns {@code delegate} guarded with this instance's guard and settings.
   *
   * @param delegate the executor to guard; not {@code null}
   * @return {@code delegate} guarded with this instance's guard and settings
   */
  public GuardedToolExecutor guard(ToolExecutor delegate) {
    Objects.requireNonNull(delegate, "delegate must not be null");
    return GuardedToolExecutor.of(guard, delegate, settings);
  }

  /**
   * Like {@link #wrap(AgentGuard, Object...)}, with this instance's guard and settings.
   *
   * @param toolObjects objects with {@code @Tool} methods
   * @return the guarded tools, their parameter markers stripped from the specifications
   */
  public List<AiServiceTool> tools(Object... toolObjects) {
    return describedTools(findTools(toolObjects));
  }

  /**
   * Like {@link #wrap(AgentGuard, Map)}, with this instance's guard and settings.
   *
   * @param tools the specifications and their executors; no {@code null} key or value
   * @return an unmodifiable map of the specifications, markers stripped, to guarded executors
   */
  public Map<ToolSpecification, ToolExecutor> tools(Map<ToolSpecification, ToolExecutor> tools) {
    Objects.requireNonNull(tools, "tools must not be null");
    tools.forEach((specification, executor) -> {
      Objects.requireNonNull(specification, "tools must not contain a null specification");
      Objects.requireNonNull(executor, "tools must not contain a null executor");
    });
    AgentGuardTools described = describing(tools.keySet());
    Map<ToolSpecification, ToolExecutor> out = new LinkedHashMap<>();
    tools.forEach((specification, executor) ->
        out.put(ToolDescriptors.withoutMarkers(specification), described.guard(executor)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * The tools guarded by a guard that also knows the descriptors their specifications declare (metadata and
   * parameter markers; the policy's own descriptor wins), with the markers stripped from what the model sees.
   */
  List<AiServiceTool> describedTools(List<AiServiceTool> tools) {
    List<ToolSpecification> specifications = new ArrayList<>();
    for (AiServiceTool tool : tools) {
      specifications.add(tool.toolSpecification());
    }
    AgentGuardTools described = describing(specifications);
    List<AiServiceTool> out = new ArrayList<>();
    for (AiServiceTool tool : tools) {
      AiServiceTool guarded = described.guarded(tool);
      ToolSpecification shown = ToolDescriptors.withoutMarkers(tool.toolSpecification());
      out.add(shown == tool.toolSpecification() ? guarded : guarded.toBuilder().toolSpecification(shown).build());
    }
    return List.copyOf(out);
  }

  private AgentGuardTools describing(java.util.Collection<ToolSpecification> specifications) {
    AgentGuard extended = guard.withToolDescriptors(ToolDescriptors.fromSpecifications(specifications));
    return extended == guard ? this : new AgentGuardTools(extended, settings);
  }

  /**
   * Like {@link #wrap(AgentGuard, ToolProvider)}, with this instance's guard and settings.
   *
   * @param provider the provider whose tools to guard; not {@code null}
   * @return a provider that guards every tool {@code provider} returns
   */
  public ToolProvider toolProvider(ToolProvider provider) {
    Objects.requireNonNull(provider, "provider must not be null");
    return new GuardedToolProvider(provider, this);
  }

  /**
   * Like {@link #toolWrapper(AgentGuard)}, with this instance's guard and settings.
   *
   * @return a function from an executor to the same executor guarded
   */
  public Function<ToolExecutor, ToolExecutor> toolWrapper() {
    return this::guard;
  }

  AiServiceTool guarded(AiServiceTool tool) {
    ToolExecutor executor = tool.toolExecutor();
    if (executor instanceof GuardedToolExecutor) {
      return tool;
    }
    return tool.toBuilder().toolExecutor(guard(executor)).build();
  }

  private static List<AiServiceTool> findTools(Object... toolObjects) {
    Objects.requireNonNull(toolObjects, "toolObjects must not be null");
    List<AiServiceTool> out = new ArrayList<>();
    for (int i = 0; i < toolObjects.length; i++) {
      Object toolObject = toolObjects[i];
      if (toolObject == null) {
        throw new IllegalArgumentException("toolObjects[" + i + "] must not be null");
      }
      out.addAll(ToolService.findTools(toolObject));
    }
    return out;
  }

  /** A provider whose every tool is guarded. */
  private static final class GuardedToolProvider implements ToolProvider {
    private final ToolProvider delegate;
    private final AgentGuardTools tools;

    GuardedToolProvider(ToolProvider delegate, AgentGuardTools tools) {
      this.delegate = delegate;
      this.tools = tools;
    }

    @Override
    public ToolProviderResult provideTools(dev.langchain4j.service.tool.ToolProviderRequest request) {
      ToolProviderResult result = delegate.provideTools(request);
      if (result == null) {
        return null;
      }
      return ToolProviderResult.builder().addAll(tools.describedTools(result.aiServiceTools())).build();
    }

    @Override
    public boolean isDynamic() {
      return delegate.isDynamic();
    }

    @Override
    public String toString() {
      return "GuardedToolProvider{" + delegate + "}";
    }
  }
}
