import { pollDueBatches } from "../ai-batching/poll-due-batches";
import { isGroupDue, submitDueGroups } from "../ai-batching/submit-due-groups";
import type { AIBatchFlushCommand, AIBatchFlushResult } from "../commands/ai-batch-command-types";
import type { KernelDeps } from "../kernel/kernel-deps";

/**
 * `aiBatch.flush`, the cross-run batch collector: returns the requests of SUBMITTING batches
 * whose collector died to pending, submits due groups (see `submitDueGroups`), checks due
 * provider batches (see `pollDueBatches`), and tells when to run again. Without an `aiBatching`
 * port or an `aiBatches` store it does nothing (and reads nothing).
 */
export async function handleAIBatchFlush(
  deps: KernelDeps,
  command: AIBatchFlushCommand,
): Promise<AIBatchFlushResult> {
  const port = deps.aiBatching;
  const store = deps.persistence.aiBatches;
  const result: AIBatchFlushResult = {
    configured: port !== undefined && store !== undefined,
    submitted: 0,
    requestsSubmitted: 0,
    polled: 0,
    ended: 0,
    stagesWoken: 0,
    cancelled: 0,
    abandoned: 0,
    nextDueAt: null,
  };
  if (port === undefined || store === undefined) return result;
  const abandoned = await store.abandonExpiredSubmissions(deps.clock.now());
  result.abandoned = abandoned.length;
  for (const batch of abandoned) {
    deps.logger.warn(
      {
        batchId: batch.id,
        provider: batch.provider,
        model: batch.model,
        requests: batch.requestIds.length,
      },
      "aiBatch.flush: a collector died while submitting a batch; its requests are pending again (the provider may hold a duplicate batch with these custom ids)",
    );
  }
  await submitDueGroups(
    deps,
    port,
    store,
    { workerId: command.workerId, maxSubmissions: command.maxSubmissions ?? 10 },
    result,
  );
  await pollDueBatches(deps, port, store, { maxPolls: command.maxPolls ?? 10 }, result);
  const now = deps.clock.now();
  const times: number[] = [];
  for (const group of await store.pendingGroups()) {
    const settings = port.settings(group);
    times.push(
      isGroupDue(group, settings, now)
        ? now.getTime()
        : group.oldestAt.getTime() + settings.maxDelayMs,
    );
  }
  const poll = await store.nextBatchPollAt();
  if (poll !== null) times.push(poll.getTime());
  result.nextDueAt = times.length === 0 ? null : new Date(Math.min(...times));
  return result;
}
