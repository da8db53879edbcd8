import type { JobRecord, NewOutboxEvent, OutboxWakeup, StageRecord } from "@stageflow/kernel";

/** A blob the plan writes (the blob store's upsert), as stored text. */
export interface PlannedBlob {
  readonly key: string;
  readonly text: string;
  readonly sizeBytes: number;
}

/** Column values of one row update, merged over the plan's calls, and how many versions it bumps. */
export interface PlannedUpdate {
  readonly id: string;
  /** Column name → encoded value, in first-set order. */
  readonly set: Map<string, unknown>;
  bumps: number;
}

/** New stages and jobs inserted together (all stages or nothing), as `insertStagesJobsAndEvents` would. */
export interface PlannedInsert {
  readonly stages: { records: StageRecord[]; rows: unknown[][] };
  readonly jobs: { records: JobRecord[]; rows: unknown[][] };
}

/**
 * Everything a speculative commit writes, in the shape its single statement needs: at most one
 * update of the snapshot's run, stage and job, one insert of stages and jobs, the events in the
 * order they were appended, and the blobs.
 */
export interface CommitPlan {
  readonly runId: string;
  /** The run's version in the snapshot: the commit requires it. */
  readonly runVersion: number;
  readonly blobs: PlannedBlob[];
  /** The snapshot's job and its lease holder: the commit requires the job still RUNNING for it. */
  readonly jobLease: { readonly id: string; readonly workerId: string | null };
  /** The job completed by its lease holder. */
  job?: { readonly id: string; readonly workerId: string; readonly at: unknown };
  /** The completing stage; `version` is the snapshot's, which the commit requires. */
  stage?: PlannedUpdate & { readonly version: number };
  run?: PlannedUpdate;
  insert?: PlannedInsert;
  /** The appended events, in append order (their payloads already validated). */
  readonly events: NewOutboxEvent[];
  /** When the events wake outbox subscribers: always, or only in the commit that ends the run. */
  readonly outboxWakeup: OutboxWakeup;
}
