import type {
  DequeuedJob,
  DequeueOptions,
  JobRecord,
  JobTransport,
  JobTransportCapabilities,
  NewJob,
  WorkerIdentity,
} from "@stageflow/kernel";
import type { Scope } from "../scope/scope";
import { claimJob } from "../sql/claim-job";
import { completeJobs } from "../sql/complete-jobs";
import { dequeueJobs } from "../sql/dequeue-jobs";
import { dequeueJobsWithSnapshots } from "../sql/dequeue-jobs-with-snapshots";
import { enqueueJobs } from "../sql/enqueue-jobs";
import { heartbeatJobs } from "../sql/heartbeat-jobs";
import { nextDueAt } from "../sql/next-due-at";
import { releaseJobs } from "../sql/release-jobs";
import { releaseStaleJobs } from "../sql/release-stale-jobs";
import type { WakeupChannel } from "../wakeups/wakeup-channel";
import { claimWorkerIdentity } from "../worker-identity/claim-worker-identity";

/** Options of {@link KyselyJobTransport.subscribe}. */
export interface SubscribeOptions {
  /**
   * What to be woken for: `jobs` (default) when jobs are enqueued or returned to the queue,
   * `runs` when PENDING runs are created, `outbox` when outbox events are appended.
   */
  channel?: WakeupChannel;
}

/**
 * The Kysely `JobTransport`. Beyond the port, `subscribe` takes an optional channel, so one host
 * can also claim new runs and flush outbox events the moment they are committed.
 */
export interface KyselyJobTransport extends JobTransport {
  readonly capabilities: JobTransportCapabilities;
  /**
   * Calls `listener` after commits that wrote to `options.channel` (default `jobs`): on Postgres
   * from any process (`LISTEN` on a dedicated connection), on SQLite from this process. Resolves
   * once the subscription is live; returns the unsubscribe function.
   */
  subscribe(listener: () => void, options?: SubscribeOptions): Promise<() => Promise<void>>;
  /** See `JobTransport.claimWorkerIdentity`: advisory lock (Postgres) or lock file (SQLite). */
  claimWorkerIdentity(options: { workerId: string; now: Date }): Promise<WorkerIdentity | null>;
  /**
   * See `JobTransport.dequeueWithSnapshots`: present on Postgres only, where it is the dequeue
   * statement with the run and its stages read alongside (SQLite reads cost no round trip).
   */
  dequeueWithSnapshots?(options: DequeueOptions): Promise<DequeuedJob[]>;
  /** See `JobTransport.nextDueAt`: one statement over two partial indexes. */
  nextDueAt(options: { after: Date }): Promise<Date | null>;
  /**
   * Batched completion (an extension of the port): marks RUNNING jobs COMPLETED in one statement,
   * each only for its `workerId` when given, like `Persistence.completeJob`. Returns the ids
   * completed; a missing id lost its lease or was not RUNNING.
   */
  completeJobs(
    completions: readonly { id: string; workerId?: string }[],
    now: Date,
  ): Promise<string[]>;
  /** Removes this transport's subscriptions (the `LISTEN` connection closes with the last one). */
  close(): Promise<void>;
}

/** Builds the {@link KyselyJobTransport} over `scope`. */
export function kyselyJobTransport(scope: Scope): KyselyJobTransport {
  const unsubscribers = new Set<() => Promise<void>>();
  return {
    capabilities: { supportsSkipLocked: true, supportsWakeups: true, supportsWakeupChannels: true },
    nextDueAt: (options) => nextDueAt(scope, options),
    claimWorkerIdentity: (options) => claimWorkerIdentity(scope, options),
    dequeue: (options) => dequeueJobs(scope, options),
    // Postgres: one round trip leases the jobs and reads what a speculative start plans against.
    ...(scope.context.dialect === "postgres"
      ? {
          dequeueWithSnapshots: (options: DequeueOptions) =>
            dequeueJobsWithSnapshots(scope, options),
        }
      : {}),
    claim: (options) => claimJob(scope, options),
    heartbeat: (options) => heartbeatJobs(scope, options),
    release: (options) => releaseJobs(scope, options),
    releaseStale: (options) => releaseStaleJobs(scope, options),
    enqueue: (jobs: NewJob[]): Promise<JobRecord[]> => enqueueJobs(scope, jobs),
    completeJobs: (completions, now) => completeJobs(scope, completions, now),
    async subscribe(listener, options) {
      const remove = await scope.context.wakeups.subscribe(options?.channel ?? "jobs", listener);
      const unsubscribe = async () => {
        unsubscribers.delete(unsubscribe);
        await remove();
      };
      unsubscribers.add(unsubscribe);
      return unsubscribe;
    },
    async close() {
      await Promise.all([...unsubscribers].map((unsubscribe) => unsubscribe()));
    },
  };
}
