// Server settings for the latency of a call's first ring, given to the dev server and the real server alike.
// Measured with scratch runs of bench/call-latency.ts and workflow histories (see the commit that added this).

/** Dynamic configuration keys and values (the server's defaults are in parentheses). */
export const latencyDynamicConfig: Record<string, unknown> = {
  // One partition per task queue (4): with four, a task often lands on a partition where no poller waits
  // (our workers poll the normal queue with two pollers) and is forwarded or waits. Switchboard's task
  // queues carry far less than one partition serves. (A live cluster with a backlog lowers write partitions
  // first and read partitions once the others have drained; these servers start with the setting.)
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  // An activity scheduled by a workflow task (the ring command) comes back to the worker in the answer to
  // that task's completion, instead of a trip through the task queue (off by default on self-hosted servers).
  'system.enableActivityEagerExecution': true,
};
