import type { RunCreateCommand, RunCreateResult } from "../commands/command-types";
import { WorkflowNotFoundError } from "../errors/kernel-errors";
import { withIdempotency } from "../idempotency/with-idempotency";
import { assertJsonValue } from "../json/assert-json-value";
import type { KernelDeps } from "../kernel/kernel-deps";
import { outboxEvent } from "../run-state/build-event";

/** Default priority of a run. */
export const DEFAULT_RUN_PRIORITY = 5;

/**
 * `run.create`: validates the input with the workflow's input schema and the merged config
 * (defaults overlaid by `command.config`) with every stage's config schema, then writes a PENDING
 * run and its `workflow:created` event in one transaction. Rejections (unknown workflow,
 * `ValidationError` naming the failing stages) write nothing.
 */
export function handleRunCreate(
  deps: KernelDeps,
  command: RunCreateCommand,
): Promise<RunCreateResult> {
  return withIdempotency<RunCreateResult>(deps, command, async (scope) => {
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
    if (!Number.isFinite(priority)) throw new RangeError("priority must be a finite number");

    return scope.finalTransaction(
      async (tx) => {
        const now = deps.clock.now();
        const run = await tx.createRun({
          workflowId: workflow.id,
          input: input.input,
          config: config.config,
          priority,
          metadata,
          now,
        });
        await tx.appendOutboxEvents([outboxEvent("workflow:created", run, now, { priority })]);
        return { workflowRunId: run.id, status: "PENDING" as const };
      },
      (result) => result,
    );
  });
}
