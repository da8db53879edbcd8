import type { BatchedRequestRoute } from "@stageflow/core";
import type { StageBodyOutcome } from "../execution/interpret-stage-result";
import type { KernelDeps } from "../kernel/kernel-deps";
import { AIBatchingNotConfiguredError } from "./ai-batching-errors";

const UTF8 = new TextEncoder();

/**
 * Resolves the provider, model and size of every batched request of a suspension (no I/O), so
 * the commit can store them. A suspension without batched requests is returned as it is.
 *
 * @throws {@link AIBatchingNotConfiguredError} without an `aiBatching` port or `aiBatches` store;
 *   whatever the port's `route` throws for an unknown model.
 */
export function routeBatchedRequests(
  deps: KernelDeps,
  stageId: string,
  outcome: StageBodyOutcome,
): StageBodyOutcome {
  if (outcome.kind !== "suspended") return outcome;
  const requests = outcome.suspension.batchedRequests;
  if (requests === undefined) return outcome;
  const port = deps.aiBatching;
  if (port === undefined) throw new AIBatchingNotConfiguredError(stageId, "port");
  if (deps.persistence.aiBatches === undefined) {
    throw new AIBatchingNotConfiguredError(stageId, "store");
  }
  const routed = requests.map((request) => {
    const route: BatchedRequestRoute = port.route(request.spec);
    return { ...request, route, bytes: UTF8.encode(JSON.stringify(request.spec)).length };
  });
  return { kind: "suspended", suspension: { ...outcome.suspension, batchedRequests: routed } };
}
