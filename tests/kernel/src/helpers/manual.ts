import type { Persistence } from "@stageflow/kernel";
import type { Harness } from "./harness";

/**
 * Completes a stage behind the kernel's back (job COMPLETED, output stored, stage COMPLETED) without
 * advancing the run: the state a crash between "stage completed" and "run advanced" would leave.
 */
export async function completeStageWithoutTransition(
  h: Harness,
  workflowRunId: string,
  stageId: string,
  output: unknown,
): Promise<void> {
  const now = h.clock.now();
  const key = `runs/${workflowRunId}/stages/${stageId}/output`;
  await h.blobStore.put(key, output);
  await h.persistence.withTransaction(async (tx) => {
    for (const job of await tx.getJobsByRun(workflowRunId)) {
      if (job.stageId === stageId && (job.status === "PENDING" || job.status === "RUNNING")) {
        await tx.cancelJobsByRun(workflowRunId, now);
      }
    }
    const stage = await tx.getStage(workflowRunId, stageId);
    if (stage === null) throw new Error(`no stage ${stageId}`);
    await tx.updateStage(stage.id, { status: "COMPLETED", outputRef: key, completedAt: now }, now);
  });
}

/**
 * A view of `persistence` whose `getRun` answers with a version one behind when `lie()` is true:
 * the kernel then updates with a stale `expectedVersion`, as if another transaction had changed
 * the run after it was read.
 */
export function withStaleRunReads(persistence: Persistence, lie: () => boolean): Persistence {
  const wrap = (target: Persistence): Persistence =>
    new Proxy(target, {
      get(object, property) {
        if (property === "withTransaction") {
          return <T>(fn: (tx: Persistence) => Promise<T>) =>
            object.withTransaction((tx) => fn(wrap(tx)));
        }
        if (property === "getRun") {
          return async (id: string, options?: { forUpdate?: boolean }) => {
            const run = await object.getRun(id, options);
            return run !== null && lie() ? { ...run, version: run.version - 1 } : run;
          };
        }
        const value: unknown = Reflect.get(object, property, object);
        return typeof value === "function" ? value.bind(object) : value;
      },
    });
  return wrap(persistence);
}

/** A promise with its resolve function, for pausing stage bodies. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
