import type { Persistence } from "../ports/persistence";
import type { AICallSummary } from "../ports/run-queries";
import type { JobRecord } from "../records/job-record";
import type { StageRecord } from "../records/stage-record";
import type { RunDetail, StageDetail, SuspendedSummary } from "./run-query-types";
import { durationOf } from "./run-summary";
import { stageAttempts } from "./stage-attempts";

function stringAt(state: Record<string, unknown> | null, key: string): string | null {
  const value = state?.[key];
  return typeof value === "string" ? value : null;
}

function suspendedSummary(stage: StageRecord): SuspendedSummary | null {
  if (stage.status !== "SUSPENDED") return null;
  const state = stage.suspendedState;
  return {
    batchId: stringAt(state, "batchId"),
    provider: stringAt(state, "provider"),
    submittedAt: stringAt(state, "submittedAt"),
    nextPollAt: stage.nextPollAt,
    pollIntervalMs: stage.pollIntervalMs,
    deadline: stage.maxWaitUntil,
  };
}

function retryDueAt(stage: StageRecord, jobs: readonly JobRecord[]): Date | null {
  if (stage.status !== "PENDING") return null;
  const job = jobs.find((j) => j.stageId === stage.stageId && j.status === "PENDING");
  return job && job.attempt > 1 ? job.availableAt : null;
}

/**
 * Reads everything stored about one run (a handful of indexed reads, no transaction) and
 * assembles its {@link RunDetail}; `null` for an unknown run.
 */
export async function readRunDetail(
  persistence: Persistence,
  workflowRunId: string,
): Promise<RunDetail | null> {
  const run = await persistence.getRun(workflowRunId);
  if (run === null) return null;
  const [stages, jobs, logs, events, aiCalls] = await Promise.all([
    persistence.getStagesByRun(workflowRunId),
    persistence.getJobsByRun(workflowRunId),
    persistence.getLogs(workflowRunId),
    persistence.getOutboxEvents(workflowRunId),
    persistence.queries.listAICalls(workflowRunId),
  ]);
  const callsOf = (stageId: string): AICallSummary[] =>
    aiCalls.filter((call) => call.stageId === stageId);
  const details: StageDetail[] = stages.map((stage) => ({
    ...stage,
    attempts: stageAttempts(stage, events, retryDueAt(stage, jobs)),
    suspended: suspendedSummary(stage),
    aiCalls: callsOf(stage.stageId),
  }));
  const aiCostSoFar = aiCalls.reduce((total, call) => total + call.cost, 0);
  return {
    run: { ...run, durationMs: durationOf(run) },
    stages: details,
    logs,
    events,
    aiCalls,
    aiCostSoFar: Math.round(aiCostSoFar * 1e10) / 1e10,
  };
}
