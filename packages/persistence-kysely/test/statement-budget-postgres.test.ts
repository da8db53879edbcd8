import { defineStage, WorkflowBuilder } from "@stageflow/core";
import {
  createKernel,
  createWorkflowRegistry,
  type Kernel,
  type StartedJob,
  systemClock,
} from "@stageflow/kernel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
} from "../src/index";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { countStatements, type StatementCounter } from "./helpers/statement-counter";

/**
 * The statement budget of a stage job in steady state: a job that the previous stage's completion
 * started for this worker (no dequeue, no start transaction) runs its body and commits its outcome.
 * Counted at the `pg` client, so every round trip is seen, `begin` and `commit` included.
 */
const BUDGET = {
  /** Statements per steady-state stage job (completion transaction + the output's blob write). */
  statements: 9,
  /** Explicit transactions (`commit`s) per stage job. */
  commits: 1,
  /** Statements of an outbox flush besides one mark per run: the claim. */
  flushClaims: 1,
} as const;

const Empty = z.object({});
const noop = (id: string) =>
  defineStage({
    id,
    name: id,
    schemas: { input: "none", output: Empty, config: Empty },
    async execute() {
      return { output: {} };
    },
  });
const workflow = new WorkflowBuilder("budget-3", "Budget", "3 no-op stages", Empty, Empty)
  .pipe(noop("first"))
  .pipe(noop("second"))
  .pipe(noop("third"))
  .build();

const RUNS = 20;
const WORKER = "budget-worker";

describe("statements per stage job, Postgres", () => {
  let schema: PostgresTestSchema;
  let counter: StatementCounter;
  let kernel: Kernel;
  let close: () => Promise<void>;

  beforeAll(async () => {
    schema = await createPostgresTestSchema({ max: 2 });
    counter = countStatements(schema.pool);
    const db = createPostgresDatabase(schema.pool);
    const transport = createKyselyJobTransport(db);
    kernel = createKernel({
      persistence: createKyselyPersistence(db),
      blobStore: createKyselyBlobStore(db),
      jobTransport: transport,
      eventSink: { emit: async () => {} },
      clock: systemClock,
      registry: createWorkflowRegistry([workflow]),
    });
    close = async () => {
      await transport.close();
      await schema.teardown();
    };
  });
  afterAll(() => close());

  const execute = (started: StartedJob) =>
    kernel.dispatch({
      type: "job.execute",
      jobId: started.job.id,
      workflowRunId: started.job.workflowRunId,
      workflowId: started.job.workflowId,
      stageId: started.job.stageId,
      workerId: WORKER,
      startNextJobs: 1,
      started,
    });

  it("a stage job started by its predecessor's completion costs one transaction", async () => {
    for (let i = 0; i < RUNS; i++) {
      await kernel.dispatch({ type: "run.create", workflowId: workflow.id, input: {} });
    }
    const claim = await kernel.dispatch({
      type: "run.claimPending",
      workerId: WORKER,
      maxClaims: RUNS,
      startJobs: RUNS,
    });
    expect(claim.started).toHaveLength(RUNS);
    // First stages (started by the claim) complete and start the second ones.
    const seconds: StartedJob[] = [];
    for (const started of claim.started) {
      const result = await execute(started);
      expect(result.outcome).toBe("completed");
      seconds.push(...(result.started ?? []));
    }
    expect(seconds).toHaveLength(RUNS);
    await kernel.dispatch({ type: "outbox.flush", workerId: WORKER, maxEvents: 1_000 });

    // Steady state: the second stage (advances the run) and the third (completes it).
    counter.reset();
    counter.counting = true;
    let stageJobs = 0;
    for (const second of seconds) {
      const result = await execute(second);
      expect(result.outcome).toBe("completed");
      const [third] = result.started ?? [];
      expect(third).toBeDefined();
      if (third === undefined) continue;
      expect((await execute(third)).outcome).toBe("completed");
      stageJobs += 2;
    }
    counter.counting = false;
    const perJob = counter.statements / stageJobs;
    const commitsPerJob = counter.commits / stageJobs;
    expect(perJob, counter.texts.slice(0, 24).join("\n")).toBeLessThanOrEqual(BUDGET.statements);
    expect(commitsPerJob).toBe(BUDGET.commits);

    // One flush publishes every event those jobs wrote: one claim, then one mark per run.
    counter.reset();
    counter.counting = true;
    const flush = await kernel.dispatch({
      type: "outbox.flush",
      workerId: WORKER,
      maxEvents: 1_000,
    });
    counter.counting = false;
    // stage:completed ×2, stage:started (third) and workflow:completed per run.
    expect(flush.published).toBe(RUNS * 4);
    expect(counter.statements).toBe(BUDGET.flushClaims + RUNS);
  });
});
