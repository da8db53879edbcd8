import type { RunCreateCommand, RunCreateResult } from "../commands/command-types";
import { WorkflowNotFoundError } from "../errors/kernel-errors";
import { withIdempotency } from "../idempotency/with-idempotency";
import { assertJsonValue } from "../json/assert-json-value";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { TraceContext } from "../ports/telemetry";
import type { RunRecord } from "../records/run-record";
import { outboxEvent } from "../run-state/build-event";

/** Default priority of a run. */
export const DEFAULT_RUN_PRIORITY = 5;

/**
 * `run.create`: validates the input with the workflow's input schema and the merged config
 * (defaults overlaid by `command.config`) with every stage's config schema, then writes a PENDING
 * run and its `workflow:created` event (and the idempotency key's result) in one transaction —
 * one statement where the persistence offers `createRunWithEvent`. Rejections (unknown workflow,
 * `ValidationError` naming the failing stages) write nothing. With telemetry, the run's trace
 * starts here and its context is stored with the run.
 */
export async function handleRunCreate(
  deps: KernelDeps,
  command: RunCreateCommand,
): Promise<RunCreateResult> {
  const telemetry = deps.telemetry?.startRunCreate({ workflowId: String(command.workflowId) });
  if (telemetry === undefined) return createRun(deps, command, null);
  try {
    const result = await createRun(deps, command, telemetry.traceContext);
    telemetry.end({ workflowRunId: result.workflowRunId });
    return result;
  } catch (error) {
    telemetry.end({ error });
    throw error;
  }
}

async function createRun(
  deps: KernelDeps,
  command: RunCreateCommand,
  trace: TraceContext | null,
): Promise<RunCreateResult> {
  const valid = {
    ...validateRunCreate(deps, command),
    ...(trace === null ? {} : { traceparent: trace.traceparent, tracestate: trace.tracestate }),
  };
  const created = (run: RunRecord): RunCreateResult => ({
    workflowRunId: run.id,
    status: "PENDING",
  });
  const firstEvent = (run: RunRecord) =>
    outboxEvent("workflow:created", run, run.createdAt, { priority: valid.priority });
  const { persistence } = deps;
  if (persistence.createRunWithEvent !== undefined) {
    const key = command.idempotencyKey;
    const run = await persistence.createRunWithEvent(
      { ...valid, now: deps.clock.now() },
      key === undefined
        ? { firstEvent }
        : { firstEvent, idempotency: { key, commandType: command.type, result: created } },
    );
    // `null`: the key exists (a replay, a dispatch in progress, or one to reclaim).
    if (run !== null) return created(run);
  }
  return withIdempotency<RunCreateResult>(deps, command, (scope) =>
    scope.finalTransaction(
      async (tx) => {
        const run = await tx.createRun({ ...valid, now: deps.clock.now() });
        await tx.appendOutboxEvents([firstEvent(run)]);
        return created(run);
      },
      (result) => result,
    ),
  );
}

/** The validated fields of a new run; throws the typed rejection otherwise (no write). */
export function validateRunCreate(deps: KernelDeps, command: RunCreateCommand) {
  const workflow = deps.registry.getWorkflow(command.workflowId);
  if (workflow === null || workflow === undefined) {
    throw new WorkflowNotFoundError(command.workflowId);
  }
  const input = workflow.validateInput(command.input);
  if (!input.success) throw input.error;
  const config = workflow.validateConfig(workflow.mergeConfig(command.config));
  if (!config.success) throw config.error;
  assertJsonValue(input.input, "run input");
  assertJsonValue(config.config, "run config");
  const metadata = command.metadata ?? null;
  if (metadata !== null) assertJsonValue(metadata, "run metadata");
  const priority = command.priority ?? DEFAULT_RUN_PRIORITY;
  const budgetUsd = command.budgetUsd ?? workflowBudget(workflow);
  return {
    workflowId: workflow.id,
    input: input.input,
    config: config.config,
    priority,
    metadata,
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
  };
}

/** The workflow's default AI budget (`WorkflowBuilder.budget`), read by shape. */
function workflowBudget(workflow: object): number | undefined {
  const value = (workflow as { budgetUsd?: unknown }).budgetUsd;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
