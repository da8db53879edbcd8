import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import type { Persistence } from "./persistence";

/**
 * What a worker last knew of a run whose job it holds: the records its own start (or the
 * completion that started the job) committed. A speculative commit is planned against them.
 */
export interface CommitSnapshot {
  /** The RUNNING run; its `version` is the one the commit requires. */
  readonly run: RunRecord;
  /** The job, RUNNING and leased to the worker. */
  readonly job: JobRecord;
  /** Every stage of the run; the completing stage's `version` is the one the commit requires. */
  readonly stages: readonly StageRecord[];
}

/** The values of `JobExecuteCommand.outboxWakeup`. */
export const OUTBOX_WAKEUPS = ["always", "runEnd"] as const;

/** See `JobExecuteCommand.outboxWakeup`. */
export type OutboxWakeup = (typeof OUTBOX_WAKEUPS)[number];

/** Options of `Persistence.speculate`. */
export interface SpeculateOptions {
  /**
   * `"runEnd"`: the commit wakes outbox subscribers of other processes only when it ends the run
   * (its status becomes COMPLETED, FAILED or CANCELLED); `"always"` (default): whenever it writes
   * events. See `JobExecuteCommand.outboxWakeup`.
   */
  readonly outboxWakeup?: OutboxWakeup;
}

/**
 * A `Persistence` that plans instead of writing: reads come from a {@link CommitSnapshot}, writes
 * are recorded and answered with the records they would produce, and `commit` applies all of
 * them at once, only if the run, the stage and the job still are as the snapshot says. A method
 * it cannot plan throws, and the caller commits the usual way instead.
 */
export interface SpeculativeCommit extends Persistence {
  /**
   * Applies the recorded writes atomically. `true`: all of them committed. `false`: the run, the
   * stage or the job changed since the snapshot, and nothing was written. Throws when the
   * database refused the writes (nothing was written either).
   */
  commit(): Promise<boolean>;
}
