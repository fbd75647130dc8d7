package dev.agentguard.springai;

import dev.agentguard.api.Approver;
import dev.agentguard.api.GuardListener;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.otel.OpenTelemetryGuardListener;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Spring Boot auto-configuration: an {@link AgentGuard} built from the {@code agent-guard.*} properties, the
 * application's {@link Approver} bean and {@link GuardListener} beans (and an OpenTelemetry listener when an
 * {@link OpenTelemetry} bean and {@code agent-guard-otel} are present); every {@link ToolCallback},
 * {@link ToolCallbackProvider} and {@link ToolCallingManager} bean is guarded by it. Only active where Spring AI
 * is on the class path; {@code agent-guard.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnClass(ToolCallback.class)
@ConditionalOnProperty(prefix = "agent-guard", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AgentGuardProperties.class)
public class AgentGuardAutoConfiguration {

  /** Created by Spring. */
  public AgentGuardAutoConfiguration() {}

  /**
   * The guard, unless the application defines its own.
   *
   * @param properties the {@code agent-guard.*} properties: policy location, workspace and home
   * @param resourceLoader resolves the policy location
   * @param approver the application's approver, if it defines one
   * @param listeners the application's guard listeners, in order
   * @return a guard enforcing the configured policy
   * @throws IllegalStateException if the policy location is empty or names nothing
   */
  @Bean
  @ConditionalOnMissingBean
  public AgentGuard agentGuard(AgentGuardProperties properties, ResourceLoader resourceLoader,
      ObjectProvider<Approver> approver, ObjectProvider<GuardListener> listeners) {
    Path workspace = Path.of(properties.getWorkspace() == null ? "" : properties.getWorkspace())
        .toAbsolutePath().normalize();
    GuardEnvironment environment = GuardEnvironment.ofWorkspace(workspace);
    if (properties.getHome() != null && !properties.getHome().isBlank()) {
      environment = environment.withHome(Path.of(properties.getHome()).toAbsolutePath().normalize());
    }
    AgentGuard.Builder b = AgentGuard.builder()
        .policy(PolicyResources.load(properties.getPolicy(), resourceLoader))
        .environment(environment);
    approver.ifAvailable(b::approver);
    listeners.orderedStream().forEach(b::listener);
    return b.build();
  }

  /**
   * Guards every tool callback, tool callback provider and tool calling manager bean.
   *
   * @param guard the guard, looked up when the first bean is processed
   * @return the post-processor
   */
  @Bean
  public static BeanPostProcessor agentGuardToolGuarding(ObjectProvider<AgentGuard> guard) {
    return new ToolGuardingPostProcessor(guard);
  }

  /** Spans and metrics for every guarded call, when the application has an {@link OpenTelemetry} bean. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({OpenTelemetry.class, OpenTelemetryGuardListener.class})
  @ConditionalOnBean(OpenTelemetry.class)
  static class OpenTelemetryListenerConfiguration {

    @Bean
    @ConditionalOnMissingBean(OpenTelemetryGuardListener.class)
    OpenTelemetryGuardListener agentGuardOpenTelemetryListener(OpenTelemetry openTelemetry) {
      return OpenTelemetryGuardListener.create(openTelemetry);
    }
  }

  /** Wraps tool beans as they are created. */
  static final class ToolGuardingPostProcessor implements BeanPostProcessor {
    private final ObjectProvider<AgentGuard> guard;

    ToolGuardingPostProcessor(ObjectProvider<AgentGuard> guard) {
      this.guard = guard;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      if (bean instanceof ToolCallback && !(bean instanceof GuardedToolCallback)) {
        return GuardedToolCallback.of(guard.getObject(), (ToolCallback) bean);
      }
      if (bean instanceof ToolCallbackProvider) {
        return GuardedToolCallbacks.wrap(guard.getObject(), (ToolCallbackProvider) bean);
      }
      if (bean instanceof ToolCallingManager && !(bean instanceof GuardedToolCallingManager)) {
        return new GuardedToolCallingManager(guard.getObject(), (ToolCallingManager) bean);
      }
      return bean;
    }
  }
}
