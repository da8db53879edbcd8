import type {
  CommitSnapshot,
  CreateStageInput,
  JobRecord,
  NewJob,
  NewOutboxEvent,
  OutboxRecord,
  Persistence,
  RunRecord,
  SpeculateOptions,
  SpeculativeCommit,
  StageRecord,
  UpdateOptions,
  UpdateRunInput,
  UpdateStageInput,
} from "@stageflow/kernel";
import { runPatch } from "../persistence/run-operations";
import { stagePatch } from "../persistence/stage-operations";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { encodeNewEvents } from "../sql/append-outbox-events";
import { encodeNewStages } from "../sql/create-stages";
import { encodeNewJobs } from "../sql/enqueue-jobs";
import { registerPostgresStatement } from "../sql/postgres-prepared-statements";
import type { CommitPlan, PlannedUpdate } from "./commit-plan";
import { commitPlanStatement } from "./commit-plan-sql";

/** Thrown by a method a speculative commit cannot plan; the kernel then commits the usual way. */
export class NotPlannableError extends Error {
  constructor(what: string) {
    super(`A speculative commit cannot plan ${what}`);
    this.name = "NotPlannableError";
  }
}

/** Record fields stored as JSON text: a prediction parses the stored text, as a read would. */
const JSON_FIELDS = new Set(["output", "error", "suspendedState", "progress", "metrics"]);

const plannable = new WeakMap<object, KyselySpeculativeCommit>();

/** The speculative commit behind `tx`, when `tx` is one of this package's; for the blob store. */
export function speculativeCommitOf(tx: Persistence): KyselySpeculativeCommit | undefined {
  return plannable.get(tx);
}

/**
 * `Persistence.speculate` on Postgres: plans a job's start or completion against a
 * {@link CommitSnapshot} and commits it as one statement (`commitPlanStatement`). It plans the
 * writes of those phases — the job completed by its lease holder, the stage and run updated, the
 * next group's stages and jobs, the events, the output blob — and answers each with the record
 * the database would return. Everything else (other reads, other writes, a second insert) throws
 * {@link NotPlannableError}. With `outboxWakeup: "runEnd"` the statement notifies outbox
 * subscribers only when it ends the run.
 */
export class KyselySpeculativeCommit {
  readonly #scope: Scope;
  readonly #snapshot: CommitSnapshot;
  readonly #plan: CommitPlan;
  #run: RunRecord;
  #stages: StageRecord[];
  #committed = false;

  /** The object handed to the kernel: this commit's methods, every other `Persistence` method throwing. */
  readonly persistence: SpeculativeCommit;

  constructor(scope: Scope, snapshot: CommitSnapshot, options?: SpeculateOptions) {
    this.#scope = scope;
    this.#snapshot = snapshot;
    this.#run = snapshot.run;
    this.#stages = [...snapshot.stages];
    this.#plan = {
      runId: snapshot.run.id,
      runVersion: snapshot.run.version,
      jobLease: { id: snapshot.job.id, workerId: snapshot.job.lockedBy },
      blobs: [],
      events: [],
      outboxWakeup: options?.outboxWakeup ?? "always",
    };
    const methods: Partial<SpeculativeCommit> = {
      commit: () => this.commit(),
      lockRunWithJobAndStages: async (runId, jobId) => this.#read(runId, jobId),
      completeJob: async (id, now, options) => this.#completeJob(id, now, options),
      updateStage: async (id, patch, now, options) => this.#updateStage(id, patch, now, options),
      updateRun: async (id, patch, now, options) => this.#updateRun(id, patch, now, options),
      insertStagesJobsAndEvents: async (input) => this.#insert(input),
      appendOutboxEvents: async (events) => this.#append(events),
    };
    this.persistence = new Proxy(methods as SpeculativeCommit, {
      get(target, property) {
        const own = (target as unknown as Record<PropertyKey, unknown>)[property];
        if (own !== undefined || typeof property !== "string") return own;
        if (property === "then" || property === "capabilities") return undefined;
        return async () => {
          throw new NotPlannableError(`Persistence.${property}`);
        };
      },
    });
    plannable.set(this.persistence, this);
  }

  /** Whether the blob store may plan its writes here: same database as this commit. */
  sharesDatabaseWith(scope: Scope): boolean {
    return scope.context === this.#scope.context;
  }

  /** Plans the blob store's upsert of `key`. */
  putBlob(key: string, text: string, sizeBytes: number): void {
    this.#plan.blobs.push({ key, text, sizeBytes });
  }

  /** Applies the plan in one statement; `false` when a guard failed and nothing was written. */
  async commit(): Promise<boolean> {
    if (this.#committed) throw new NotPlannableError("a second commit");
    this.#committed = true;
    const { text, values } = commitPlanStatement(this.#plan);
    registerPostgresStatement(text);
    const { rows } = await runSql<{ ok: number }>(this.#scope, text, values);
    return Number(rows[0]?.ok ?? 0) === 1;
  }

  #read(runId: string, jobId: string) {
    const { run, job } = this.#snapshot;
    if (runId !== run.id || jobId !== job.id)
      throw new NotPlannableError("a read of another run or job");
    return { run: this.#run, job, stages: [...this.#stages] };
  }

  #completeJob(id: string, now: Date, options?: { workerId?: string }): boolean {
    const { job } = this.#snapshot;
    const workerId = options?.workerId;
    if (id !== job.id || workerId === undefined || this.#plan.job) {
      throw new NotPlannableError(
        "a completion of a job other than the snapshot's, once, by its worker",
      );
    }
    this.#plan.job = { id, workerId, at: this.#scope.context.codec.timestamp(now) };
    return true;
  }

  #updateStage(
    id: string,
    patch: UpdateStageInput,
    now: Date,
    options?: UpdateOptions,
  ): StageRecord {
    const index = this.#stages.findIndex((each) => each.id === id);
    const current = this.#stages[index];
    const planned = this.#plan.stage;
    if (current === undefined || (planned !== undefined && planned.id !== id)) {
      throw new NotPlannableError("an update of a second stage");
    }
    checkVersion(current.version, options);
    const set = stagePatch(this.#scope, patch, now);
    if (planned === undefined) {
      this.#plan.stage = {
        id,
        set: new Map(Object.entries(set)),
        bumps: 1,
        version: current.version,
      };
    } else {
      merge(planned, set);
    }
    const next = predict(current, patch, set, now) as StageRecord;
    this.#stages[index] = next;
    return next;
  }

  #updateRun(id: string, patch: UpdateRunInput, now: Date, options?: UpdateOptions): RunRecord {
    if (id !== this.#run.id || patch.status === "PENDING") {
      throw new NotPlannableError("an update of another run, or one that requeues it");
    }
    checkVersion(this.#run.version, options);
    const set = runPatch(this.#scope, patch, now);
    if (this.#plan.run === undefined) {
      this.#plan.run = { id, set: new Map(Object.entries(set)), bumps: 1 };
    } else {
      merge(this.#plan.run, set);
    }
    this.#run = predict(this.#run, patch, set, now) as RunRecord;
    return this.#run;
  }

  #insert(input: {
    stages: readonly CreateStageInput[];
    jobs: readonly NewJob[];
    events: readonly NewOutboxEvent[];
  }): { stages: StageRecord[]; jobs: JobRecord[]; events: OutboxRecord[] } {
    if (this.#plan.insert || input.stages.length === 0 || input.jobs.length === 0) {
      throw new NotPlannableError("a second insert of stages and jobs, or one without either");
    }
    if (input.stages.some((each) => each.workflowRunId !== this.#run.id)) {
      throw new NotPlannableError("stages of another run");
    }
    const stages = encodeNewStages(this.#scope, input.stages);
    const jobs = encodeNewJobs(this.#scope, input.jobs);
    this.#plan.insert = { stages, jobs };
    this.#stages.push(...stages.records);
    return { stages: stages.records, jobs: jobs.records, events: this.#append(input.events) };
  }

  #append(events: readonly NewOutboxEvent[]): OutboxRecord[] {
    const encoded = encodeNewEvents(events);
    this.#plan.events.push(...events);
    return encoded.records;
  }
}

/** A later update of the same row in one plan: its columns win, and the version moves once more. */
function merge(update: PlannedUpdate, set: object): void {
  for (const [column, value] of Object.entries(set)) update.set.set(column, value);
  update.bumps += 1;
}

/** As the adapter's update: a given `expectedVersion` must be the version the plan reached. */
function checkVersion(current: number, options?: UpdateOptions): void {
  const expected = options?.expectedVersion;
  if (expected !== undefined && expected !== current) {
    throw new NotPlannableError(
      `an update expecting version ${expected} of a record at ${current}`,
    );
  }
}

/** The record an update returns: `patch` over `current`, JSON fields as stored, version + 1. */
function predict<T extends { version: number; updatedAt: Date }>(
  current: T,
  patch: object,
  set: Record<string, unknown>,
  now: Date,
): T {
  const next: Record<string, unknown> = { ...current, updatedAt: new Date(now.getTime()) };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (JSON_FIELDS.has(field)) {
      const text = set[columnOf(field)];
      next[field] = typeof text === "string" ? JSON.parse(text) : null;
    } else {
      next[field] = value instanceof Date ? new Date(value.getTime()) : value;
    }
  }
  next.version = current.version + 1;
  return next as T;
}

/** The column of a JSON record field (`suspendedState` → `suspended_state`). */
function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
