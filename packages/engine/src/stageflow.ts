import type { InferWorkflowOutput } from "@stageflow/core";
import type { NodeHost, RunInputOf, RunnableWorkflow } from "@stageflow/host-node";
import type { BlobStore, JobTransport, Kernel, Persistence } from "@stageflow/kernel";
import type {
  KyselyAICallLogger,
  KyselyJobTransport,
  StageflowDatabase,
} from "@stageflow/persistence-kysely";
import type { Kysely } from "kysely";
import type { StageflowAIGuards } from "./ai/stageflow-ai-guards";
import type { RunHandle } from "./runs/run-handle";

/** Options of {@link Stageflow.run}: those of the `run.create` command. */
export interface RunOptions {
  /** A second `run` with the same key returns the first run instead of creating another. */
  readonly idempotencyKey?: string;
  /** Per-stage config overrides keyed by stage id, overlaid on the workflow's defaults. */
  readonly config?: Record<string, unknown>;
  /** Higher is claimed first. Default 5. */
  readonly priority?: number;
  /** Your own data, stored with the run. */
  readonly metadata?: Record<string, unknown>;
  /**
   * AI cost budget of the run in USD; default: the workflow's `budget(...)`, else none. Enforced
   * by helpers given `sf.aiGuards` (see docs/ai.md).
   */
  readonly budgetUsd?: number;
}

/** The output type of a workflow's runs (`unknown` when the workflow does not carry types). */
export type WorkflowOutputOf<W> = [InferWorkflowOutput<W>] extends [never]
  ? unknown
  : InferWorkflowOutput<W>;

/** Looks runs up by id. */
export interface StageflowRuns {
  /**
   * The handle of an existing run; pass its workflow to type `result()`.
   *
   * @throws `RunNotFoundError` when no run has this id.
   */
  get<W extends RunnableWorkflow>(id: string, workflow: W): Promise<RunHandle<WorkflowOutputOf<W>>>;
  get(id: string): Promise<RunHandle<unknown>>;
}

/** A running Stageflow: see `createStageflow`. */
export interface Stageflow {
  /**
   * Creates a run of `workflow` (validated against its schemas; nothing is written when invalid)
   * and returns its handle. `input` is typed by the workflow's input schema.
   *
   * @throws `ValidationError` for input or config that fails the schemas; `WorkflowNotFoundError`
   *   for a workflow not passed to `createStageflow`; `StageflowClosedError` after `close()`.
   */
  run<W extends RunnableWorkflow>(
    workflow: W,
    input: RunInputOf<W>,
    options?: RunOptions,
  ): Promise<RunHandle<WorkflowOutputOf<W>>>;
  /** Existing runs. */
  readonly runs: StageflowRuns;
  /** The kernel, for every command (`sf.kernel.dispatch({ type: "run.rerunFrom", … })`). */
  readonly kernel: Kernel;
  /** Runs, stages, jobs, logs and outbox, on the database. */
  readonly persistence: Persistence;
  /** The job queue (with wake-up channels). */
  readonly jobTransport: KyselyJobTransport & JobTransport;
  /** Stage outputs and `ctx.storage` artifacts. */
  readonly blobStore: BlobStore;
  /** Records of AI calls; pass it to `createAIHelper(topic, sf.aiCallLogger, …)`. */
  readonly aiCallLogger: KyselyAICallLogger;
  /**
   * Rate limiter, memo store and budget ledger on this database, as the `ai` option configured
   * them: `createAIHelper(topic, sf.aiCallLogger, { providers, stage: ctx, ...sf.aiGuards })`.
   */
  readonly aiGuards: StageflowAIGuards;
  /** The Kysely database. */
  readonly database: Kysely<StageflowDatabase>;
  /** The worker of this process, or `null` with `worker: false`. */
  readonly host: NodeHost | null;
  /** The worker id of this process's host, or `null` with `worker: false`. */
  readonly workerId: string | null;
  /**
   * Drains the worker (running jobs finish, up to its `shutdownTimeoutMs`), stops waiting for
   * results (pending `result()` calls reject with `StageflowClosedError`), and closes the database
   * when it was opened from a URL. Safe to call twice.
   */
  close(): Promise<void>;
}
