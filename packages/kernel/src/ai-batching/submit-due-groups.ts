import type { AIBatchingPort, BatchGroupSettings } from "@stageflow/core";
import type { AIBatchFlushResult } from "../commands/ai-batch-command-types";
import { errorMessage } from "../execution/failure-info";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { AIBatchStore, PendingAIBatchGroup } from "../ports/ai-batch-store";

/** True when the group must be submitted now: enough requests, or the oldest waited enough. */
export function isGroupDue(
  group: PendingAIBatchGroup,
  settings: BatchGroupSettings,
  now: Date,
): boolean {
  return (
    group.count >= settings.maxRequests ||
    now.getTime() - group.oldestAt.getTime() >= settings.maxDelayMs
  );
}

const keyOf = (group: { provider: string; model: string }) =>
  `${group.provider}\u0000${group.model}`;

/**
 * Submits due groups, one provider batch at a time, at most `maxSubmissions`: claims the oldest
 * requests of the group (a SUBMITTING batch held by this worker), submits them with their ids as
 * custom ids, and records the provider's batch id. A refused submission puts the requests back
 * (SUBMIT_FAILED, the group is not retried in this call); a claim lost during the submission (the
 * provider was slower than the lease) cancels the provider's batch, best effort.
 */
export async function submitDueGroups(
  deps: KernelDeps,
  port: AIBatchingPort,
  store: AIBatchStore,
  options: { readonly workerId: string; readonly maxSubmissions: number },
  result: AIBatchFlushResult,
): Promise<void> {
  const skipped = new Set<string>();
  while (result.submitted < options.maxSubmissions) {
    const now = deps.clock.now();
    const groups = await store.pendingGroups();
    const due = groups.find(
      (group) => !skipped.has(keyOf(group)) && isGroupDue(group, port.settings(group), now),
    );
    if (due === undefined) return;
    const settings = port.settings(due);
    const claim = await store.claimForSubmission({
      provider: due.provider,
      model: due.model,
      limit: settings.maxRequests,
      maxBytes: settings.maxBytes,
      workerId: options.workerId,
      pollIntervalMs: settings.pollIntervalMs,
      now,
      leaseMs: deps.aiBatchSubmitLeaseMs,
    });
    if (claim === null) {
      skipped.add(keyOf(due));
      continue;
    }
    let submission: Awaited<ReturnType<AIBatchingPort["submit"]>>;
    try {
      submission = await port.submit(
        { provider: due.provider, model: due.model },
        claim.requests.map((request) => ({ customId: request.id, spec: request.spec })),
      );
    } catch (error) {
      skipped.add(keyOf(due));
      await store.releaseSubmission(claim.batch.id, {
        workerId: options.workerId,
        error: errorMessage(error),
        now: deps.clock.now(),
      });
      deps.logger.warn(
        { err: error, provider: due.provider, model: due.model },
        "aiBatch.flush: the provider refused a batch; its requests wait for the next flush",
      );
      continue;
    }
    const submittedAt = deps.clock.now();
    const recorded = await store.markSubmitted(claim.batch.id, {
      workerId: options.workerId,
      providerBatchId: submission.providerBatchId,
      metadata: submission.metadata,
      nextPollAt: new Date(submittedAt.getTime() + settings.pollIntervalMs),
      now: submittedAt,
    });
    if (!recorded) {
      deps.logger.warn(
        { providerBatchId: submission.providerBatchId, batchId: claim.batch.id },
        "aiBatch.flush: the claim on a batch expired while the provider accepted it; cancelling the duplicate",
      );
      await port
        .cancel({
          ...due,
          providerBatchId: submission.providerBatchId,
          metadata: submission.metadata,
        })
        .catch(() => undefined);
      continue;
    }
    result.submitted += 1;
    result.requestsSubmitted += claim.requests.length;
  }
}
