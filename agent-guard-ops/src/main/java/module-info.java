/** Operations around the guard: the audit log, approval inbox and stores, console approver, policy watcher. */
module dev.agentguard.ops {
  requires transitive dev.agentguard.core;
  requires com.fasterxml.jackson.databind;

  exports dev.agentguard.ops.approval;
  exports dev.agentguard.ops.audit;
  exports dev.agentguard.ops.policy;
}
