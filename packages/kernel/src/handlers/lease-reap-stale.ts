import type { LeaseReapStaleCommand, LeaseReapStaleResult } from "../commands/command-types";
import type { KernelDeps } from "../kernel/kernel-deps";

/**
 * `lease.reapStale`: returns RUNNING jobs whose lease has not been renewed for `staleThresholdMs`
 * (their worker died) to the queue. Jobs whose heartbeat is fresh are never touched.
 */
export async function handleLeaseReapStale(
  deps: KernelDeps,
  command: LeaseReapStaleCommand,
): Promise<LeaseReapStaleResult> {
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - command.staleThresholdMs);
  const released = await deps.jobTransport.releaseStale({ staleBefore, now });
  return { released };
}
