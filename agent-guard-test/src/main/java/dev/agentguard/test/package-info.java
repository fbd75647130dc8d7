/**
 * The test kit: a JUnit 5 extension that builds a guard per test, fixtures, scripted and recording approvers, a
 * fake clock, a static host resolver and fluent assertions on decisions. Depends on core and JUnit.
 */
package dev.agentguard.test;
