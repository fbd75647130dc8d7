/** The README's code, compiled and run as it is printed there (the README test compares the two). */
package dev.agentguard.examples.readme;
