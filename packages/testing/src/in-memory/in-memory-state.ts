import type {
  JobRecord,
  LogRecord,
  OutboxRecord,
  RunRecord,
  ScheduleRecord,
  StageRecord,
} from "@stageflow/kernel";

/** An idempotency key as the in-memory store keeps it. */
export interface IdempotencyEntry {
  key: string;
  commandType: string;
  status: "IN_PROGRESS" | "COMPLETED";
  result: unknown;
  acquiredAt: Date;
}

/**
 * Every table of the in-memory store. Records are immutable once stored: an update stores a new
 * object, so forking a state only copies the collections (copy-on-write at record level). Map
 * iteration order is insertion order, which the store uses as the final tie-breaker of "age".
 */
export interface InMemoryState {
  runs: Map<string, RunRecord>;
  stages: Map<string, StageRecord>;
  jobs: Map<string, JobRecord>;
  logs: LogRecord[];
  outbox: Map<string, OutboxRecord>;
  /** The last outbox sequence handed out per run. */
  outboxSequences: Map<string, number>;
  /** Keyed by `idempotencyMapKey(key, commandType)`. */
  idempotency: Map<string, IdempotencyEntry>;
  /** Cron schedules by id. */
  schedules: Map<string, ScheduleRecord>;
}

/** An empty store. */
export function emptyState(): InMemoryState {
  return {
    runs: new Map(),
    stages: new Map(),
    jobs: new Map(),
    logs: [],
    outbox: new Map(),
    outboxSequences: new Map(),
    idempotency: new Map(),
    schedules: new Map(),
  };
}

/** A working copy of `state` that a transaction may change without touching the original. */
export function forkState(state: InMemoryState): InMemoryState {
  return {
    runs: new Map(state.runs),
    stages: new Map(state.stages),
    jobs: new Map(state.jobs),
    logs: state.logs.slice(),
    outbox: new Map(state.outbox),
    outboxSequences: new Map(state.outboxSequences),
    idempotency: new Map(state.idempotency),
    schedules: new Map(state.schedules),
  };
}
