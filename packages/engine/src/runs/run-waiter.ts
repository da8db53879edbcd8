import type { HostLogger } from "@stageflow/host-node";
import type { Persistence, RunRecord, StageflowEvent } from "@stageflow/kernel";
import { StageflowClosedError } from "../errors/stageflow-closed-error";

/** Subscribes to a wake-up; resolves with the unsubscribe function. */
export type WakeupSubscribe = (listener: () => void) => Promise<() => Promise<void>>;

/** Options of {@link createRunWaiter}. */
export interface RunWaiterOptions {
  /** Where runs are read. */
  readonly persistence: Pick<Persistence, "getRun">;
  /** Fires when outbox events are appended (a final run state always appends one). */
  readonly subscribe: WakeupSubscribe;
  /** The fallback: every waiting run is read this often (ms). */
  readonly pollIntervalMs: number;
  readonly logger: HostLogger;
}

/** Waits for runs to reach a final status; see {@link createRunWaiter}. */
export interface RunWaiter {
  /** Resolves with the run once it is COMPLETED, FAILED or CANCELLED. */
  wait(workflowRunId: string): Promise<RunRecord>;
  /** The final event of a run published in this process (from the kernel's event sink). */
  onEvent(event: StageflowEvent): void;
  /** Stops waiting: pending waits reject with `StageflowClosedError`. */
  close(): Promise<void>;
}

const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

interface Waiting {
  readonly promise: Promise<RunRecord>;
  resolve(run: RunRecord): void;
  reject(error: unknown): void;
}

/**
 * Waits for runs without busy polling: a waiting run is read again when the outbox wake-up fires
 * (Postgres `NOTIFY` from any process, SQLite within this one), when its final event is published
 * in this process, and, as a fallback, every `pollIntervalMs`. Reads of one run never overlap: a
 * wake-up during a read causes one more read after it.
 */
export function createRunWaiter(options: RunWaiterOptions): RunWaiter {
  const waiting = new Map<string, Waiting>();
  const reading = new Map<string, boolean>(); // id → another read requested meanwhile
  let subscription: Promise<(() => Promise<void>) | null> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let closed = false;

  const checkAll = (): void => {
    for (const id of waiting.keys()) check(id);
  };

  function check(id: string): void {
    if (reading.has(id)) {
      reading.set(id, true);
      return;
    }
    reading.set(id, false);
    void options.persistence
      .getRun(id)
      .then((run) => {
        const entry = waiting.get(id);
        if (entry && run && FINAL.has(run.status)) {
          waiting.delete(id);
          entry.resolve(run);
        }
      })
      .catch((error: unknown) => {
        options.logger.warn({ err: error, workflowRunId: id }, "reading a run failed; will retry");
      })
      .finally(() => {
        const again = reading.get(id) === true;
        reading.delete(id);
        if (again && waiting.has(id)) check(id);
        updateTimer();
      });
  }

  function updateTimer(): void {
    if (waiting.size > 0 && timer === null && !closed) {
      timer = setInterval(checkAll, options.pollIntervalMs);
    } else if (waiting.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }

  function subscribe(): Promise<(() => Promise<void>) | null> {
    subscription ??= options.subscribe(checkAll).catch((error: unknown) => {
      options.logger.warn({ err: error }, "run wake-ups unavailable; polling for results");
      return null;
    });
    return subscription;
  }

  return {
    async wait(id) {
      if (closed) throw new StageflowClosedError("wait for a run");
      const existing = waiting.get(id);
      if (existing) return existing.promise;
      let resolve!: (run: RunRecord) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<RunRecord>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      waiting.set(id, { promise, resolve, reject });
      updateTimer();
      await subscribe(); // live before the first read, so no final state falls in between
      check(id);
      return promise;
    },
    onEvent(event) {
      if (
        (event.type === "workflow:completed" ||
          event.type === "workflow:failed" ||
          event.type === "workflow:cancelled") &&
        waiting.has(event.workflowRunId)
      ) {
        check(event.workflowRunId);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      for (const entry of waiting.values()) {
        entry.reject(new StageflowClosedError("wait for a run"));
      }
      waiting.clear();
      const unsubscribe = await subscription;
      await unsubscribe?.();
    },
  };
}
