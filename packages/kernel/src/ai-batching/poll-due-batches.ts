import type { AIBatchingPort, AttributedBatchResult, ProviderBatchRef } from "@stageflow/core";
import type { AIBatchFlushResult } from "../commands/ai-batch-command-types";
import { errorMessage } from "../execution/failure-info";
import type { KernelDeps } from "../kernel/kernel-deps";
import type {
  AIBatchRecord,
  AIBatchRequestRecord,
  AIBatchRequestResult,
  AIBatchStore,
} from "../ports/ai-batch-store";

function refOf(batch: AIBatchRecord): ProviderBatchRef {
  return {
    provider: batch.provider,
    model: batch.model,
    providerBatchId: batch.providerBatchId ?? "",
    metadata: batch.metadata,
  };
}

/** The result of each SUBMITTED request: the provider's, or a failure when it has none. */
function resultsFor(
  requests: readonly AIBatchRequestRecord[],
  port: Awaited<ReturnType<AIBatchingPort["results"]>>,
  missing: string,
): AIBatchRequestResult[] {
  const byId = new Map(port.map((result) => [result.customId, result]));
  return requests
    .filter((request) => request.status === "SUBMITTED")
    .map((request) => {
      const found = byId.get(request.id);
      if (found === undefined) {
        return {
          id: request.id,
          status: "FAILED",
          error: missing,
          inputTokens: 0,
          outputTokens: 0,
          cost: 0,
        };
      }
      return {
        id: request.id,
        status: found.status === "succeeded" ? "SUCCEEDED" : "FAILED",
        ...(found.status === "succeeded" ? { value: found.value ?? null } : {}),
        ...(found.error === undefined ? {} : { error: found.error }),
        inputTokens: found.inputTokens,
        outputTokens: found.outputTokens,
        cost: found.cost,
      };
    });
}

/**
 * Checks the due provider batches (one status request per batch, whatever the number of runs in
 * it). All requests cancelled → cancelled at the provider. Still running → next check one poll
 * interval later. Ended → results fetched, recorded on the requests and the stages they complete
 * woken, in one transaction; then the port records the AI calls. A provider error leaves the
 * batch claimed until its lease ends (checked again then).
 */
export async function pollDueBatches(
  deps: KernelDeps,
  port: AIBatchingPort,
  store: AIBatchStore,
  options: { readonly maxPolls: number },
  result: AIBatchFlushResult,
): Promise<void> {
  const batches = await store.claimDueBatches({
    now: deps.clock.now(),
    limit: options.maxPolls,
    leaseMs: deps.aiBatchPollLeaseMs,
  });
  for (const batch of batches) {
    result.polled += 1;
    try {
      await pollOne(deps, port, store, batch, result);
    } catch (error) {
      deps.logger.warn(
        { err: error, batchId: batch.id, providerBatchId: batch.providerBatchId },
        `aiBatch.flush: checking a provider batch failed (${errorMessage(error)}); checked again after the lease`,
      );
    }
  }
}

async function pollOne(
  deps: KernelDeps,
  port: AIBatchingPort,
  store: AIBatchStore,
  batch: AIBatchRecord,
  result: AIBatchFlushResult,
): Promise<void> {
  const ref = refOf(batch);
  const requests = await store.getRequestsOfBatch(batch.id);
  if (requests.every((request) => request.status === "CANCELLED")) {
    await port.cancel(ref);
    await store.markBatchCancelled(batch.id, deps.clock.now());
    result.cancelled += 1;
    return;
  }
  const status = await port.status(ref);
  const providerStatus = status.providerStatus ?? status.status;
  if (status.status === "pending" || status.status === "processing") {
    const now = deps.clock.now();
    await store.deferBatch(batch.id, {
      nextPollAt: new Date(now.getTime() + batch.pollIntervalMs),
      providerStatus,
      now,
    });
    return;
  }
  const fetched = status.status === "completed" ? await port.results(ref) : [];
  const missing =
    status.status === "failed"
      ? `the provider batch failed (${providerStatus})`
      : "the provider batch returned no result for this request";
  const recorded = resultsFor(requests, fetched, missing);
  const woken = await deps.persistence.withTransaction(async (tx) => {
    const txStore = tx.aiBatches ?? store;
    const now = deps.clock.now();
    const stageIds = await txStore.recordResults(batch.id, {
      results: recorded,
      providerStatus,
      now,
    });
    return stageIds.length === 0 ? null : txStore.wakeReadyStages(stageIds, now);
  });
  if (woken === null) return;
  result.ended += 1;
  result.stagesWoken += woken;
  if (port.recordCalls === undefined) return;
  const owners = new Map(requests.map((request) => [request.id, request]));
  const attributed: AttributedBatchResult[] = fetched.flatMap((each) => {
    const owner = owners.get(each.customId);
    return owner === undefined
      ? []
      : [{ ...each, workflowRunId: owner.workflowRunId, stageId: owner.stageId }];
  });
  await port.recordCalls(ref, attributed).catch((error: unknown) => {
    deps.logger.warn({ err: error, batchId: batch.id }, "aiBatch.flush: recording AI calls failed");
  });
}
