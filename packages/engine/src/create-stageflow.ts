import type { AIBatchingPort } from "@stageflow/core";
import { channelWakeups, createNodeHost, type NodeHost } from "@stageflow/host-node";
import {
  createKernel,
  createPluginRunner,
  createWorkflowRegistry,
  type EventSink,
  syncSchedules,
  systemClock,
} from "@stageflow/kernel";
import {
  createKyselyAIBudgetLedger,
  createKyselyAICallLogger,
  createKyselyAIMemoStore,
  createKyselyAIRateLimiter,
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  type KyselyAICallLogger,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import type { StageflowAIGuards } from "./ai/stageflow-ai-guards";
import { resolveDatabase } from "./database/resolve-database";
import { StageflowClosedError } from "./errors/stageflow-closed-error";
import { createRunHandle, type RunHandleDeps } from "./runs/run-handle";
import { createRunWaiter } from "./runs/run-waiter";
import type { Stageflow } from "./stageflow";
import type { StageflowAIOptions, StageflowOptions } from "./stageflow-options";
import { validateStageflowOptions } from "./validate-stageflow-options";
import { defaultWorkerId } from "./worker/default-worker-id";

/**
 * Sets up Stageflow in one call: opens the database (a URL, a Kysely database or a pg pool),
 * migrates it (unless `migrate: false`), builds the kernel over the Kysely adapters with your
 * workflows and plugins, and starts a worker in this process with wake-ups on (unless
 * `worker: false`). Every part stays reachable (`sf.kernel`, `sf.persistence`, `sf.host`, …).
 *
 * @throws `InvalidStageflowOptionsError` or `InvalidDatabaseUrlError` for options it cannot use
 *   (nothing is opened; duplicate workflow ids are one); the migration's error.
 *
 * @example
 * ```ts
 * const sf = await createStageflow({ database: "sqlite:.stageflow/app.db", workflows: [wordCount] });
 * const run = await sf.run(wordCount, { text: "a b c" }, { idempotencyKey: "doc-1" });
 * console.log(await run.result()); // typed by the workflow's output schema
 * await sf.close();
 * ```
 */
export async function createStageflow(options: StageflowOptions): Promise<Stageflow> {
  validateStageflowOptions(options);
  const registry = createWorkflowRegistry(options.workflows);
  const { db, owned } = resolveDatabase(options.database);
  const clock = options.clock ?? systemClock;
  const persistence = createKyselyPersistence(db);
  const jobTransport = createKyselyJobTransport(db);
  const blobStore = createKyselyBlobStore(db);
  const aiCallLogger = options.ai?.callLogger ?? createKyselyAICallLogger(db);
  const aiGuards = createAIGuards(db, options.ai);
  const logger = options.logger;
  const waiter = createRunWaiter({
    persistence,
    subscribe: (listener) => jobTransport.subscribe(listener, { channel: "outbox" }),
    pollIntervalMs: options.resultPollIntervalMs ?? 1_000,
    logger: logger ?? { info() {}, warn() {}, error() {}, debug() {} },
  });
  const resultSink: EventSink = {
    async emit(event) {
      waiter.onEvent(event);
    },
  };
  const kernel = createKernel({
    ...options.kernel,
    persistence,
    blobStore,
    jobTransport,
    eventSink: createPluginRunner({ plugins: options.plugins ?? [], eventSink: resultSink }),
    clock,
    registry,
    // The given logger also gets the kernel's reports (plugin failures, dead letters); without one
    // the kernel and the host each default to the console.
    ...(logger ? { logger } : {}),
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...aiBatchingOption(options.ai?.batching, aiCallLogger),
  });

  let host: NodeHost | null = null;
  let workerId: string | null = null;
  try {
    if (options.migrate !== false) await migrateToLatest(db);
    if (options.schedules) await syncSchedules({ kernel, persistence }, options.schedules);
    if (options.worker !== false) {
      const { workerId: givenId, ...tuning } = options.worker ?? {};
      workerId = givenId ?? defaultWorkerId(options.database);
      host = createNodeHost({
        wakeups: channelWakeups(jobTransport),
        ...tuning,
        kernel,
        jobTransport,
        workerId,
        clock,
        ...(logger ? { logger } : {}),
      });
      await host.start();
    }
  } catch (error) {
    await host?.stop();
    await waiter.close();
    await jobTransport.close();
    if (owned) await db.destroy();
    throw error;
  }

  const deps: RunHandleDeps = { kernel, persistence, waiter };
  let closing: Promise<void> | null = null;

  return {
    async run(workflow, input, runOptions = {}) {
      if (closing) throw new StageflowClosedError("run()");
      const { idempotencyKey, config, priority, metadata, budgetUsd } = runOptions;
      const { workflowRunId } = await kernel.dispatch({
        type: "run.create",
        workflowId: workflow.id,
        input,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        ...(config !== undefined ? { config } : {}),
        ...(priority !== undefined ? { priority } : {}),
        ...(metadata !== undefined ? { metadata } : {}),
        ...(budgetUsd !== undefined ? { budgetUsd } : {}),
      });
      host?.wake();
      return createRunHandle(deps, workflowRunId);
    },
    runs: {
      async get(id: string) {
        const handle = createRunHandle(deps, id);
        await handle.get();
        return handle;
      },
    },
    kernel,
    persistence,
    jobTransport,
    blobStore,
    aiCallLogger,
    aiGuards,
    database: db,
    host,
    workerId,
    close() {
      closing ??= (async () => {
        await host?.stop();
        await waiter.close();
        await jobTransport.close();
        if (owned) await db.destroy();
      })();
      return closing;
    },
  };
}

/** The kernel's `aiBatching` from the `ai.batching` option (a port, or a function of the logger). */
function aiBatchingOption(
  batching: StageflowAIOptions["batching"],
  logger: KyselyAICallLogger,
): { aiBatching?: AIBatchingPort } {
  if (batching === undefined) return {};
  return { aiBatching: typeof batching === "function" ? batching(logger) : batching };
}

/** The guards the `ai` option turns on, on `db`. */
function createAIGuards(
  db: Parameters<typeof createKyselyAIBudgetLedger>[0],
  ai: StageflowOptions["ai"],
): StageflowAIGuards {
  const memo = ai?.memo;
  return {
    ...(ai?.rateLimits !== undefined && ai.rateLimits.length > 0
      ? { rateLimiter: createKyselyAIRateLimiter(db, { limits: ai.rateLimits }) }
      : {}),
    ...(memo === undefined || memo === false
      ? {}
      : { memo: createKyselyAIMemoStore(db, memo === true ? {} : memo) }),
    ...(ai?.budgets === false ? {} : { budget: createKyselyAIBudgetLedger(db) }),
  };
}
