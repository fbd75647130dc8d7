package dev.agentguard.api;

/** How a call touches a file. */
public enum Access {
  /** Reading, listing or stat-ing. */
  READ,
  /** Creating, writing, deleting or renaming. */
  WRITE
}
