import type { Persistence } from "../ports/persistence";
import type { JobRecord, NewJob } from "../records/job-record";
import type { NewOutboxEvent, OutboxRecord } from "../records/outbox-record";
import type { CreateStageInput, StageRecord } from "../records/stage-record";

/**
 * Inserts stages, then jobs, then outbox events through `tx`: with the adapter's one-round-trip
 * `insertStagesJobsAndEvents` when it has one, otherwise with the three separate calls.
 */
export async function insertStagesJobsAndEvents(
  tx: Persistence,
  input: {
    readonly stages: readonly CreateStageInput[];
    readonly jobs: readonly NewJob[];
    readonly events: readonly NewOutboxEvent[];
  },
): Promise<{ stages: StageRecord[]; jobs: JobRecord[]; events: OutboxRecord[] }> {
  if (tx.insertStagesJobsAndEvents) return tx.insertStagesJobsAndEvents(input);
  const stages = input.stages.length > 0 ? await tx.createStages([...input.stages]) : [];
  const jobs = input.jobs.length > 0 ? await tx.enqueueJobs([...input.jobs]) : [];
  const events = input.events.length > 0 ? await tx.appendOutboxEvents([...input.events]) : [];
  return { stages, jobs, events };
}
