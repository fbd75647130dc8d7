package dev.agentguard.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the policy file the {@link AgentGuardExtension} builds each test's guard from, for tests that register
 * the extension with {@code @ExtendWith}. On a test method it wins over one on the class, and both win over a
 * policy configured on a {@code @RegisterExtension} field.
 *
 * <pre>{@code
 *
 * @ExtendWith(AgentGuardExtension.class)
 * @GuardPolicy(value = "policies/agent-guard.yaml", hosts = "api.github.com=140.82.112.5")
 * class MyAgentTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface GuardPolicy {

  /**
   * The policy file: {@code classpath:NAME} for a classpath resource, {@code file:PATH} for a file, or a bare
   * name, looked up on the classpath first and then as a path relative to the working directory.
   *
   * @return where the policy file is
   */
  String value();

  /**
   * Static DNS answers, each {@code HOST=IP[,IP...]} as the CLI's {@code --resolve}; other names fail.
   *
   * @return the answers, one {@code HOST=IP[,IP...]} per element; empty by default
   */
  String[] hosts() default {};
}
