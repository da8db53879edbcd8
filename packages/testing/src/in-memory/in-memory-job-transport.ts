import type { JobRecord, JobTransport, JobTransportCapabilities, NewJob } from "@stageflow/kernel";
import { type InMemoryPersistence, storeOf } from "./in-memory-persistence";
import type { InMemoryStore } from "./in-memory-store";
import * as jobs from "./job-operations";

/**
 * A `JobTransport` over the job table of an `InMemoryPersistence`. Every call is one serialized
 * transaction, so `dequeue` and `claim` are atomic. Wake-ups are delivered in process: listeners
 * run right after a commit that made jobs available (enqueued, rescheduled or released), never
 * before the commit and never for a rolled-back transaction.
 *
 * @example
 * ```ts
 * const persistence = new InMemoryPersistence();
 * const transport = new InMemoryJobTransport(persistence);
 * const unsubscribe = await transport.subscribe(() => console.log("jobs are waiting"));
 * const [job] = await transport.dequeue({ workerId: "w1", limit: 1, now: clock.now() });
 * await transport.claim({ workerId: "w2", jobId: job.id, now: clock.now() }); // null: w1 holds it
 * ```
 */
export class InMemoryJobTransport implements JobTransport {
  /** Dequeues are atomic; wake-ups are delivered in process. */
  readonly capabilities: JobTransportCapabilities = {
    supportsSkipLocked: true,
    supportsWakeups: true,
  };
  readonly #store: InMemoryStore;
  readonly #unsubscribers = new Set<() => void>();

  /** @param persistence - the root `InMemoryPersistence` whose job table this transport serves. */
  constructor(persistence: InMemoryPersistence) {
    this.#store = storeOf(persistence);
  }

  /** Leases due PENDING jobs (priority descending, then oldest, then insertion order). */
  dequeue(options: { workerId: string; limit: number; now: Date }): Promise<JobRecord[]> {
    return this.#store.transaction(async (scope) => jobs.dequeueJobs(scope, options));
  }

  /** Leases job `jobId` if it is PENDING and due; `null` otherwise. */
  claim(options: { workerId: string; jobId: string; now: Date }): Promise<JobRecord | null> {
    return this.#store.transaction(async (scope) => jobs.claimJob(scope, options));
  }

  /** Renews the leases `workerId` still holds; returns their ids. */
  heartbeat(options: {
    workerId: string;
    jobIds: readonly string[];
    now: Date;
  }): Promise<string[]> {
    return this.#store.transaction(async (scope) => jobs.heartbeatJobs(scope, options));
  }

  /** Returns the worker's own leased jobs to PENDING. */
  release(options: { workerId: string; jobIds: readonly string[]; now: Date }): Promise<number> {
    return this.#store.transaction(async (scope) => jobs.releaseJobs(scope, options));
  }

  /** Returns RUNNING jobs whose heartbeat is older than `staleBefore` to PENDING. */
  releaseStale(options: { staleBefore: Date; now: Date }): Promise<number> {
    return this.#store.transaction(async (scope) => jobs.releaseStaleJobs(scope, options));
  }

  /**
   * The earliest PENDING job `availableAt` or SUSPENDED stage `nextPollAt` after `after`, read
   * from the committed state; `null` when there is none.
   */
  async nextDueAt(options: { after: Date }): Promise<Date | null> {
    const after = options.after.getTime();
    let earliest = Number.POSITIVE_INFINITY;
    const consider = (date: Date | null): void => {
      const ms = date?.getTime();
      if (ms !== undefined && ms > after && ms < earliest) earliest = ms;
    };
    const state = this.#store.committed;
    for (const job of state.jobs.values()) if (job.status === "PENDING") consider(job.availableAt);
    for (const stage of state.stages.values()) {
      if (stage.status === "SUSPENDED") consider(stage.nextPollAt);
    }
    return Number.isFinite(earliest) ? new Date(earliest) : null;
  }

  /** Enqueues jobs in their own transaction (committed at once). */
  enqueue(newJobs: NewJob[]): Promise<JobRecord[]> {
    return this.#store.transaction(async (scope) => jobs.enqueueJobs(scope, newJobs));
  }

  /** Calls `listener` synchronously after each commit that made jobs available. */
  async subscribe(listener: () => void): Promise<() => Promise<void>> {
    const remove = this.#store.addWakeListener(listener);
    this.#unsubscribers.add(remove);
    return async () => {
      remove();
      this.#unsubscribers.delete(remove);
    };
  }

  /** Removes every listener this transport registered. */
  async close(): Promise<void> {
    for (const remove of this.#unsubscribers) remove();
    this.#unsubscribers.clear();
  }
}
