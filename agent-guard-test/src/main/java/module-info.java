/** The test kit: a JUnit 5 extension, fixtures, fakes and assertions for policies and guards. */
module dev.agentguard.test {
  requires transitive dev.agentguard.core;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;
  requires org.opentest4j;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;

  exports dev.agentguard.test;
  opens dev.agentguard.test to org.junit.platform.commons;
}
