import type { AIBatchingPort, AnyWorkflow } from "@stageflow/core";
import type { HostLogger, NodeHostOptions } from "@stageflow/host-node";
import type { Clock, KernelConfig, Plugin, ScheduleDefinition, Telemetry } from "@stageflow/kernel";
import type { AIRateLimitRuleShape, KyselyAICallLogger } from "@stageflow/persistence-kysely";
import type { DatabaseOption } from "./database/resolve-database";

/**
 * Options of the worker `createStageflow` starts: every tuning option of `createNodeHost`
 * (`concurrency`, intervals, lease and drain settings, `handleSignals`, …) passes through.
 */
export type StageflowWorkerOptions = Partial<
  Omit<NodeHostOptions, "kernel" | "jobTransport" | "clock" | "logger">
>;

/**
 * The `ai` option: where the AI calls of your stages are recorded, and the guards shared by every
 * worker of the database (exposed as `sf.aiGuards`; see docs/ai.md).
 */
export interface StageflowAIOptions {
  /**
   * The AI call logger exposed as `sf.aiCallLogger` (pass it to `createAIHelper`). Default: the
   * `ai_calls` table of the same database (`createKyselyAICallLogger`).
   */
  readonly callLogger?: KyselyAICallLogger;
  /**
   * Cross-run AI batching for `defineBatchedStage` stages: the kernel's `aiBatching` port, or a
   * function of the call logger that makes it, e.g.
   * `(logger) => createAIBatching({ providers, logger })` (`@stageflow/ai`), so each request's
   * AI call record lands in the same database.
   */
  readonly batching?: AIBatchingPort | ((callLogger: KyselyAICallLogger) => AIBatchingPort);
  /**
   * Requests and tokens per minute per provider / model, enforced across workers
   * (`createKyselyAIRateLimiter`). A call without capacity defers its stage. Default: none.
   */
  readonly rateLimits?: readonly AIRateLimitRuleShape[];
  /**
   * Memoize successful calls by content (`createKyselyAIMemoStore`): `true` (one-day TTL) or
   * `{ ttlMs }`. Default: off.
   */
  readonly memo?: boolean | { readonly ttlMs?: number };
  /** Enforce runs' `budgetUsd` (`createKyselyAIBudgetLedger`). Default true. */
  readonly budgets?: boolean;
}

/** Kernel settings passed through to `createKernel` (see `KernelConfig` for each). */
export type StageflowKernelOptions = Pick<
  KernelConfig,
  | "idempotency"
  | "outbox"
  | "suspendedPollLeaseMs"
  | "progressWriteIntervalMs"
  | "hooks"
  | "scheduler"
  | "aiBatch"
>;

/** Options of `createStageflow`. Only `database` and `workflows` are required. */
export interface StageflowOptions {
  /**
   * Where state lives: `"sqlite:PATH"` (the folder is created; `"sqlite::memory:"` for a private
   * in-memory database), `"postgres://…"`, a Kysely database from `createSqliteDatabase` /
   * `createPostgresDatabase`, or a `pg.Pool`. A URL is opened and closed by the instance; a
   * database or pool passed in is left open on `close()`.
   */
  readonly database: DatabaseOption;
  /** The workflows this process creates and executes runs of (ids must be unique). */
  readonly workflows: readonly AnyWorkflow[];
  /** Receive outbox events after commit, in per-run order (see `definePlugin`). */
  readonly plugins?: readonly Plugin[];
  /** Where AI calls are recorded; see {@link StageflowAIOptions}. */
  readonly ai?: StageflowAIOptions;
  /**
   * The worker started in this process: `createNodeHost` tuning (`concurrency`, …), or `false`
   * for a client-only process that creates runs and waits for results while other processes
   * execute them. Default: a worker with the host's defaults.
   */
  readonly worker?: StageflowWorkerOptions | false;
  /**
   * Cron schedules declared in code next to their workflows, kept in step with the database at
   * start (`syncSchedules`: upserted; code-declared schedules no longer listed are deleted; an
   * unchanged cron keeps its next tick). Any worker fires them, exactly once per tick. See
   * docs/schedules.md.
   */
  readonly schedules?: readonly ScheduleDefinition[];
  /**
   * Traces and metrics: `otelTelemetry()` of `@stageflow/otel`, passed to the kernel. Without it
   * no telemetry code runs.
   */
  readonly telemetry?: Telemetry;
  /** Run `migrateToLatest` on start. Default true; turn off when migrations run separately. */
  readonly migrate?: boolean;
  /**
   * A pino-compatible logger (`info`, `warn`, `error`, `debug` taking `(obj, msg)`) for the worker
   * and the kernel. Default: warnings and errors on the console.
   */
  readonly logger?: HostLogger;
  /** Time source of the kernel and the worker. Default: the system clock. */
  readonly clock?: Clock;
  /** Advanced kernel settings, passed through to `createKernel`. */
  readonly kernel?: StageflowKernelOptions;
  /**
   * How often (ms) `run.result()` reads a waiting run when no wake-up arrives (wake-ups come from
   * the outbox channel and this process's published events). Default 1 000.
   */
  readonly resultPollIntervalMs?: number;
}
