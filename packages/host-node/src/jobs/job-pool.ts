import type {
  CommitSnapshot,
  DequeuedJob,
  JobExecuteResult,
  JobRecord,
  StartedJob,
} from "@stageflow/kernel";
import type { LoopStepResult } from "../loop/create-loop";
import { sleep } from "../loop/sleep";
import { type ExecuteJobContext, executeJob } from "./execute-job";
import { releaseLeases } from "./release-leases";

/** A job this host is executing. */
export interface ActiveJob {
  readonly job: JobRecord;
  /** Aborted on lost lease or shutdown timeout; its signal is the body's `ctx.signal`. */
  readonly controller: AbortController;
  /** Settles when the dispatch (and any release after an error) is over. */
  readonly settled: Promise<void>;
}

/** Options of {@link createJobPool}. */
export interface JobPoolOptions extends ExecuteJobContext {
  /** The most jobs executing at once. */
  readonly concurrency: number;
  /** Called after each job settles (a slot is free again). */
  readonly onJobSettled: (job: JobRecord, result: JobExecuteResult | null) => void;
}

/** What {@link JobPool.drain} did. */
export interface DrainResult {
  /** Jobs still running at the timeout, whose leases were released and bodies aborted. */
  readonly abandoned: number;
}

/** The host's job slots: leases jobs, runs them, and drains them on shutdown. */
export interface JobPool {
  /** Dequeues jobs into free slots until they are full or the queue is empty (the job loop step). */
  fill(): Promise<LoopStepResult>;
  /** Jobs executing now, by id. */
  readonly active: ReadonlyMap<string, ActiveJob>;
  /** True when jobs may be waiting: the last dequeue was full, or work arrived with no free slot. */
  readonly mayHaveMore: boolean;
  /** Records that jobs were announced (a wake-up). */
  noteWork(): void;
  /**
   * Sets aside up to `max` free slots for jobs a run claim is about to start for this host, so
   * `fill` leaves them free; returns how many (0 while draining). Hand them back with `adopt`.
   */
  reserve(max: number): number;
  /**
   * Runs the jobs a claim started for this host in the `reserved` slots taken for it (at most
   * that many jobs), and frees the reservation. While draining, releases their leases instead.
   */
  adopt(started: readonly StartedJob[], reserved: number): Promise<void>;
  /**
   * Stops taking jobs and waits for running ones until `timeoutMs` passes or `force` aborts;
   * then releases the leases of the rest and aborts their bodies.
   */
  drain(timeoutMs: number, force: AbortSignal): Promise<DrainResult>;
}

/** How long aborted bodies get to settle after a drain timeout before `stop()` returns. */
const ABORT_GRACE_MS = 1_000;

/** Creates a {@link JobPool} of `options.concurrency` slots. */
export function createJobPool(options: JobPoolOptions): JobPool {
  const active = new Map<string, ActiveJob>();
  let accepting = true;
  let mayHaveMore = false;
  let reserved = 0;

  const start = (job: JobRecord, started?: StartedJob, snapshot?: CommitSnapshot): void => {
    const controller = new AbortController();
    const settled = executeJob(options, job, controller.signal, started, snapshot).then(
      async (result) => {
        active.delete(job.id);
        // A completion that advanced its run started the next group's first job in this slot.
        const next = result?.started ?? [];
        if (accepting) for (const each of next) start(each.job, each);
        else
          await releaseLeases(
            options,
            next.map((each) => each.job.id),
          );
        options.onJobSettled(job, result);
      },
    );
    active.set(job.id, { job, controller, settled });
  };

  /** Settles once no job is active (a settling job may have started its successor meanwhile). */
  const allSettled = async (): Promise<void> => {
    while (active.size > 0) await Promise.all([...active.values()].map((entry) => entry.settled));
  };

  return {
    active,
    get mayHaveMore() {
      return mayHaveMore;
    },
    noteWork() {
      mayHaveMore = true;
    },
    reserve(max) {
      const taken = accepting
        ? Math.max(0, Math.min(max, options.concurrency - active.size - reserved))
        : 0;
      reserved += taken;
      return taken;
    },
    async adopt(started, slots) {
      reserved -= slots;
      if (!accepting) {
        await releaseLeases(
          options,
          started.map((each) => each.job.id),
        );
        return;
      }
      for (const each of started) start(each.job, each);
    },
    async fill() {
      while (accepting) {
        const free = options.concurrency - active.size - reserved;
        if (free <= 0) {
          mayHaveMore = true;
          return "idle";
        }
        const jobs = await dequeue(options, free);
        for (const { job, snapshot } of jobs) start(job, undefined, snapshot ?? undefined);
        if (jobs.length < free) {
          mayHaveMore = false;
          return "idle";
        }
      }
      return "idle";
    },
    async drain(timeoutMs, force) {
      accepting = false;
      const waitAborted = new AbortController();
      const onForce = (): void => waitAborted.abort();
      force.addEventListener("abort", onForce, { once: true });
      if (force.aborted) waitAborted.abort();
      const drained = await Promise.race([
        allSettled().then(() => true),
        sleep(timeoutMs, waitAborted.signal).then(() => false),
      ]);
      waitAborted.abort();
      force.removeEventListener("abort", onForce);
      if (drained || active.size === 0) return { abandoned: 0 };
      const remaining = [...active.values()];
      await releaseLeases(
        options,
        remaining.map((entry) => entry.job.id),
      );
      for (const entry of remaining) entry.controller.abort(new Error("The host is shutting down"));
      await Promise.race([allSettled(), sleep(ABORT_GRACE_MS)]);
      return { abandoned: remaining.length };
    },
  };
}

/**
 * Leases up to `limit` jobs, with the snapshot each job's speculative start plans against where
 * the transport reads it in the same round trip (`dequeueWithSnapshots`).
 */
async function dequeue(options: JobPoolOptions, limit: number): Promise<DequeuedJob[]> {
  const { transport, workerId, clock } = options;
  const request = { workerId, limit, now: clock.now() };
  if (transport.dequeueWithSnapshots !== undefined) {
    return transport.dequeueWithSnapshots(request);
  }
  return (await transport.dequeue(request)).map((job) => ({ job, snapshot: null }));
}
