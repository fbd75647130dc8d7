package com.example.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The versions that actually ran: the user's JUnit (not one the test kit brought) and the BOM's Jackson. */
class ClasspathVersionsTest {

  @Test
  void theUsersJUnitRuns() throws ClassNotFoundException {
    String expected = System.getProperty("expected.junit.version");
    assertEquals(expected, Test.class.getPackage().getImplementationVersion(), "junit-jupiter-api");
    assertEquals(expected, Class.forName("org.junit.jupiter.engine.JupiterTestEngine").getPackage().getImplementationVersion(),
        "junit-jupiter-engine");
  }

  @Test
  void theBomsJacksonRuns() {
    assertEquals(System.getProperty("expected.jackson.version"),
        com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
  }
}
