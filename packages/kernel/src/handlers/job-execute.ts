import { isStageflowError } from "@stageflow/core";
import type { JobExecuteCommand, JobExecuteResult } from "../commands/command-types";
import type { InvalidCommandError } from "../errors/command-errors";
import { CompletionNotCommittedError } from "../errors/unstorable-value-error";
import { adoptStartedJob } from "../execution/adopt-started-job";
import { checkDequeuedSnapshot } from "../execution/check-dequeued-snapshot";
import { commitSpeculatively, speculateOptionsOf } from "../execution/commit-speculatively";
import { errorMessage } from "../execution/failure-info";
import { finishJob, type JobFinish, LeaseLostSignal } from "../execution/finish-job";
import { runStageBody, type StageBodyRun } from "../execution/run-stage-body";
import { type JobStart, startJob } from "../execution/start-job";
import { startSpeculatively } from "../execution/start-speculatively";
import { knownOutputsOf, rememberOutputs } from "../execution/started-outputs";
import { batchInfoOf, inPhase, runTraceContext } from "../execution/telemetry-helpers";
import { withIdempotency } from "../idempotency/with-idempotency";
import { toStorableText } from "../json/find-unstorable-value";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { Persistence } from "../ports/persistence";
import type { BatchInfo, StageAttemptTelemetry } from "../ports/telemetry";
import { afterCommit } from "../run-state/after-commit";

/**
 * `job.execute`: runs one job in three phases so no transaction is open while the body runs.
 * (1) commit the stage RUNNING (or skip a ghost job, or return a COMPLETED stage's stored output
 * without running the body; nothing to do for a job that `run.claimPending` started and passed
 * as `started`); (2) run the body; (3) commit its outcome with its events, advancing the run at
 * once when the group is done. A lost lease or a run that stopped being RUNNING during the body
 * makes the result `skipped` and writes nothing about the stage.
 *
 * When the database refuses the outcome's commit, the attempt is committed as failed instead with a
 * retryable `CompletionNotCommittedError`, so the stage's retry policy bounds the re-runs; only when
 * that commit fails too (an outage) does the dispatch reject, and the host releases the job.
 *
 * Without an idempotency key, on a persistence that offers `speculate`, phases 1 and 3 are first
 * planned against the records the worker holds (the claim's or the previous completion's; for a
 * dequeued job the `snapshot` its dequeue read, else one unlocked read) and committed in one
 * statement each; when the run, job or stage changed meanwhile, or the plan needs what the
 * records cannot answer, nothing was written and the phase runs in its transaction as described
 * above.
 *
 * With `startNextJobs`, a completion that advances the run starts the next group's first jobs for
 * the same worker in its own transaction and returns them in `started`; when such a job is
 * executed here, its body gets the outputs this completion had in memory without reading them.
 *
 * With telemetry, the attempt is observed (start, body and commit phases) once its records are
 * read; the body's context carries the stage telemetry.
 *
 * @throws {@link InvalidCommandError} when `started` is not the claim's start of this very job, or
 * `snapshot` not the dequeue's read of it; nothing is written then.
 */
export async function handleJobExecute(
  deps: KernelDeps,
  command: JobExecuteCommand,
): Promise<JobExecuteResult> {
  checkDequeuedSnapshot(command);
  const adopted = command.started ? adoptStartedJob(deps, command, command.started) : null;
  const trace = deps.telemetry?.startStageAttempt("execute");
  if (trace === undefined) return executeJob(deps, command, adopted, undefined, {});
  const seen: AttemptNotes = {};
  try {
    const result = await executeJob(deps, command, adopted, trace, seen);
    trace.end({
      outcome: result.outcome,
      error: seen.error,
      willRetry: result.willRetry,
      reason: result.reason,
      batch: seen.batch,
    });
    return result;
  } catch (error) {
    trace.end({ outcome: "failed", error });
    throw error;
  }
}

/** What the attempt's telemetry needs beyond the result. */
interface AttemptNotes {
  error?: unknown;
  batch?: BatchInfo | undefined;
}

async function executeJob(
  deps: KernelDeps,
  command: JobExecuteCommand,
  adopted: Extract<JobStart, { kind: "started" }> | null,
  trace: StageAttemptTelemetry | undefined,
  seen: AttemptNotes,
): Promise<JobExecuteResult> {
  return withIdempotency<JobExecuteResult>(deps, command, async (scope) => {
    const start =
      adopted ??
      (command.idempotencyKey === undefined
        ? await startSpeculatively(deps, command)
        : undefined) ??
      (await scope.finalTransaction(
        (tx) => startJob(tx, deps, command, deps.clock.now()),
        (value) => (value.kind === "finished" ? value.result : undefined),
      ));
    if (start.kind === "redelivered") {
      const output =
        start.outputRef === null ? undefined : await deps.blobStore.get(start.outputRef);
      return scope.complete({ outcome: "completed", output });
    }
    if (start.kind !== "started") return start.result;
    trace?.started({
      workflowId: start.run.workflowId,
      workflowRunId: start.run.id,
      stageId: start.stage.stageId,
      attempt: start.job.attempt,
      runTraceContext: runTraceContext(start.run),
      queuedAt: start.job.availableAt,
      startedAt: start.stage.startedAt ?? deps.clock.now(),
      adopted: start === adopted,
    });

    const body = deps.running.start(command.workflowRunId, command.signal);
    // Outputs the completion that started this job had in memory: not read again.
    const knownOutputs = knownOutputsOf(start === adopted ? command.started : undefined);
    let bodyRun: StageBodyRun;
    try {
      bodyRun = await inPhase(trace, "body", (telemetry) =>
        runStageBody(deps, { ...start, signal: body.signal, telemetry, knownOutputs }),
      );
    } finally {
      body.done();
    }
    if (bodyRun.outcome.kind === "failed") seen.error = bodyRun.outcome.error;
    if (bodyRun.outcome.kind === "suspended") {
      seen.batch = batchInfoOf(bodyRun.outcome.suspension.state);
    }
    if (bodyRun.outcome.kind === "failed" && command.signal?.aborted) {
      // The host aborted the body (shutdown, lost lease): it releases the job; record nothing.
      return { outcome: "skipped", reason: "aborted by the host" };
    }

    const commit = (body: StageBodyRun) =>
      inPhase(trace, "commit", async () => {
        const finish = (tx: Persistence) =>
          finishJob(tx, {
            command,
            workflow: start.workflow,
            definition: start.definition,
            body,
            now: deps.clock.now(),
            traceparent: trace?.traceparent() ?? null,
            blobStore: deps.blobStore,
          });
        // Without an idempotency key to store with it, the outcome may commit in one statement,
        // planned against the records the start left (see `commitSpeculatively`).
        if (command.idempotencyKey === undefined) {
          const committed = await commitSpeculatively(
            deps.persistence,
            start,
            finish,
            (value) => value.final,
            speculateOptionsOf(command),
          );
          if (committed !== undefined) return committed;
        }
        return scope.finalTransaction(finish, (value) => (value.final ? value.result : undefined));
      });
    let finish: JobFinish;
    try {
      finish = await commit(bodyRun);
    } catch (error) {
      const skipped = skippedBy(error);
      if (skipped !== undefined) return skipped;
      // The database refused the outcome: record the attempt as failed instead, so the stage's
      // retry policy bounds how often a body whose outcome never commits runs again.
      try {
        const failed = notCommitted(bodyRun, command.stageId, error);
        if (failed.outcome.kind === "failed") seen.error = failed.outcome.error;
        finish = await commit(failed);
      } catch (second) {
        // The database refuses this too (an outage): the host releases the job; nothing changed.
        const skippedNow = skippedBy(second);
        if (skippedNow !== undefined) return skippedNow;
        throw error;
      }
    }
    if (finish.started && bodyRun.outcome.kind === "completed") {
      const { outputRef, output } = bodyRun.outcome;
      rememberOutputs(finish.started, knownOutputs.set(outputRef, JSON.stringify(output)));
    }
    await afterCommit(deps, command, finish);
    return finish.started ? { ...finish.result, started: finish.started } : finish.result;
  });
}

/** The `skipped` result of a phase-3 error that means another worker or command got there first. */
function skippedBy(error: unknown): JobExecuteResult | undefined {
  if (error instanceof LeaseLostSignal) return { outcome: "skipped", reason: error.message };
  if (isStageflowError(error) && error.code === "STALE_VERSION") {
    return { outcome: "skipped", reason: "the stage or run changed concurrently" };
  }
  return undefined;
}

/** `body` turned into a failed attempt whose outcome could not be committed (logs and progress dropped). */
function notCommitted(body: StageBodyRun, stageId: string, error: unknown): StageBodyRun {
  const failure = new CompletionNotCommittedError(
    stageId,
    error,
    toStorableText(errorMessage(error)),
  );
  return {
    outcome: { kind: "failed", error: failure },
    usage: body.usage,
    activity: { ...body.activity, logs: [], progressEvents: [], latestProgress: () => null },
  };
}
