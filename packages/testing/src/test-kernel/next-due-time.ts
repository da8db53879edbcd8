import type { Persistence } from "@stageflow/kernel";

/**
 * The earliest time after `now` at which something becomes due: a PENDING job's `availableAt` (a
 * retry's backoff) or a SUSPENDED stage's `nextPollAt` of a RUNNING run, or an outbox event's
 * retry or claim expiry (`nextOutboxDueAt`). Null when nothing is scheduled. Uses only
 * `Persistence` port methods, so it works over any adapter.
 */
export async function nextDueTime(persistence: Persistence, now: Date): Promise<Date | null> {
  let earliest: number | null = null;
  const consider = (date: Date | null) => {
    const ms = date?.getTime();
    if (ms !== undefined && ms > now.getTime() && (earliest === null || ms < earliest))
      earliest = ms;
  };
  for (const run of await persistence.listRuns({ status: "RUNNING" })) {
    for (const job of await persistence.getJobsByRun(run.id)) {
      if (job.status === "PENDING") consider(job.availableAt);
    }
    for (const stage of await persistence.getStagesByRun(run.id)) {
      if (stage.status === "SUSPENDED") consider(stage.nextPollAt);
    }
  }
  consider(await persistence.nextOutboxDueAt(now));
  return earliest === null ? null : new Date(earliest);
}

/** A one-line description of a run's stages, for error messages. */
export async function describeStages(
  persistence: Persistence,
  workflowRunId: string,
): Promise<string> {
  const stages = await persistence.getStagesByRun(workflowRunId);
  if (stages.length === 0) return "no stage records";
  return stages
    .map((stage) => {
      const poll =
        stage.status === "SUSPENDED" && stage.nextPollAt
          ? ` (next poll ${stage.nextPollAt.toISOString()})`
          : "";
      return `${stage.stageId}=${stage.status}${poll}`;
    })
    .join(", ");
}
