import type { Persistence } from "../ports/persistence";
import type { StageRecord } from "../records/stage-record";
import { AIBatchingNotConfiguredError } from "./ai-batching-errors";
import type { ValidatedBatchedRequest } from "./validate-batched-requests";

/**
 * Inside the suspension's commit, stores the stage attempt's batched requests as PENDING rows
 * (the collector batches them across runs). Returns the first check's time: `now` when there is
 * nothing to wait for, else `nextPollAt` unchanged (the collector wakes the stage earlier).
 *
 * @throws {@link AIBatchingNotConfiguredError} when the adapter has no `aiBatches` store.
 */
export async function storeBatchedRequests(
  tx: Persistence,
  options: {
    readonly stage: StageRecord;
    readonly requests: readonly ValidatedBatchedRequest[] | undefined;
    readonly nextPollAt: Date;
    readonly now: Date;
  },
): Promise<Date> {
  const { stage, requests, now } = options;
  if (requests === undefined) return options.nextPollAt;
  if (requests.length === 0) return now;
  const store = tx.aiBatches;
  if (store === undefined) throw new AIBatchingNotConfiguredError(stage.stageId, "store");
  await store.insertRequests(
    requests.map((request) => {
      if (request.route === undefined || request.bytes === undefined) {
        throw new AIBatchingNotConfiguredError(stage.stageId, "port");
      }
      return {
        workflowRunId: stage.workflowRunId,
        stageId: stage.stageId,
        stageRecordId: stage.id,
        attempt: stage.attempt,
        requestKey: request.key,
        provider: request.route.provider,
        model: request.route.model,
        spec: request.spec,
        bytes: request.bytes,
        now,
      };
    }),
  );
  return options.nextPollAt;
}
