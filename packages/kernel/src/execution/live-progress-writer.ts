import { findUnstorableValue } from "../json/find-unstorable-value";
import type { Clock } from "../ports/clock";
import type { StageflowLogger } from "../ports/logger";
import type { Persistence, StageProgressWrite } from "../ports/persistence";
import type { StageProgress } from "../records/stage-record";

/**
 * Writes the progress of one running attempt to the stage record while its body runs
 * (`Persistence.recordStageProgress`), so other processes see it before the attempt commits.
 *
 * Leading-edge throttle on the kernel's clock: a report writes at once when no write is in flight
 * and none was started in the last `intervalMs`; reports in between are not written (the next
 * report after the interval writes its own value, and the last value is committed with the
 * attempt's outcome as before). At most one write is in flight. A failed write is logged and
 * ignored: it never fails the stage.
 */
export interface LiveProgressWriter {
  /** Called with each accepted report (already redacted); never throws, never waits. */
  report(progress: StageProgress): void;
  /**
   * Stops writing and resolves once no write is in flight (never rejects). Called before the
   * attempt's outcome commits, so no progress write lands after it; later reports are not written.
   */
  close(): Promise<void>;
}

/**
 * The live writer of one attempt, or `undefined` when the persistence has no
 * `recordStageProgress` (progress is then stored with the outcome only).
 *
 * @param options.attempt - the stage record, attempt, job and lease the writes belong to.
 * @param options.signal - once aborted (cancel, lost lease), nothing more is written.
 */
export function createLiveProgressWriter(options: {
  readonly persistence: Persistence;
  readonly clock: Clock;
  readonly logger: StageflowLogger;
  readonly intervalMs: number;
  readonly attempt: Omit<StageProgressWrite, "progress">;
  readonly signal?: AbortSignal | undefined;
}): LiveProgressWriter | undefined {
  const { persistence, clock, logger, intervalMs, attempt, signal } = options;
  const record = persistence.recordStageProgress;
  if (record === undefined) return undefined;
  let lastWriteAt: number | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  const write = (progress: StageProgress): Promise<void> => {
    let started: Promise<boolean>;
    try {
      started = Promise.resolve(record.call(persistence, { ...attempt, progress }));
    } catch (error) {
      started = Promise.reject(error);
    }
    return started.then(
      () => undefined,
      (error: unknown) => {
        logger.warn(
          { err: error, stageRecordId: attempt.stageRecordId, attempt: attempt.attempt },
          "could not store a running stage's progress; it is stored with the outcome",
        );
      },
    );
  };

  return {
    report(progress) {
      if (closed || inFlight !== undefined || signal?.aborted === true) return;
      const now = clock.now().getTime();
      if (lastWriteAt !== undefined && now - lastWriteAt < intervalMs) return;
      // A value the database cannot store fails the stage when the outcome commits; not sent.
      if (findUnstorableValue(progress) !== undefined) return;
      lastWriteAt = now;
      const pending = write(progress);
      inFlight = pending;
      void pending.then(() => {
        if (inFlight === pending) inFlight = undefined;
      });
    },
    async close() {
      closed = true;
      await inFlight;
    },
  };
}
