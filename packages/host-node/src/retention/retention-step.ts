import type { Kernel } from "@stageflow/kernel";
import type { LoopStepResult } from "../loop/create-loop";
import type { HostCounters } from "../stats/node-host-stats";
import type { ResolvedRetention } from "./retention-options";

/**
 * One retention pass: a `run.purge` per rule (status and age), each deleting at most
 * `maxRunsPerPurge` runs in the kernel's small transactions. Reports `"again"` while a purge
 * stopped at its limit, so a backlog is worked off one bounded call at a time.
 */
export function createRetentionStep(
  kernel: Kernel,
  retention: ResolvedRetention,
  counters: HostCounters,
): () => Promise<LoopStepResult> {
  return async () => {
    let more = false;
    for (const rule of retention.rules) {
      const result = await kernel.dispatch({
        type: "run.purge",
        statuses: [rule.status],
        olderThanMs: rule.olderThanMs,
        maxRuns: retention.maxRunsPerPurge,
      });
      counters.runsPurged += result.purged;
      more ||= result.more;
    }
    return more ? "again" : "idle";
  };
}
