import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StartedJob } from "@stageflow/kernel";
import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import {
  createPostgresDatabase,
  createSqliteDatabase,
  type KyselyPersistenceOptions,
  migrateToLatest,
  type StageflowDatabase,
} from "../src/index";
import { noopKernel, noopWorkflow } from "./helpers/noop-kernel";
import { createPostgresTestSchema } from "./helpers/postgres-test-schema";
import {
  countStatements,
  type StatementCounter,
  statementCounter,
} from "./helpers/statement-counter";

/**
 * The statement budget of a stage job in steady state on Postgres: a job that the previous stage's
 * completion started for this worker (no dequeue, no start transaction) runs its body and commits
 * its outcome. Counted at the `pg` client, so every round trip is seen, `begin` and `commit`
 * included. The outcome commits as one speculative statement (`Persistence.speculate`); the
 * transaction it falls back to has its own budget.
 */
const BUDGET = {
  /** Statements per steady-state stage job: the speculative commit, output and events included. */
  statements: 1,
  /** Statements per stage job when the outcome commits in a transaction (`speculativeCommits: false`). */
  transactionStatements: 8,
  /** Commits per stage job: `commit`s plus statements outside a transaction (none). */
  commits: 1,
  /** Statements of an outbox flush of many runs' events: the claim, then one mark for them all. */
  flush: 2,
} as const;

/** The same budget on SQLite, counted by Kysely's query log (`begin immediate`, `commit` included). */
const SQLITE_BUDGET = { statements: 12 } as const;

const workflow = noopWorkflow("budget-3", ["first", "second", "third"]);

const RUNS = 20;
const WORKER = "budget-worker";

/** What the steady-state stage jobs and the flush after them sent. */
interface Measured {
  readonly perJob: number;
  readonly commitsPerJob: number;
  readonly flushStatements: number;
  readonly sample: string;
}

/**
 * Creates and claims {@link RUNS} runs, runs their first stages, then counts what the second
 * stages (which advance their runs) and the third ones (which complete them) send, each started
 * by its predecessor's completion, and then what one flush of all their events sends.
 */
async function measure(
  db: Kysely<StageflowDatabase>,
  counter: StatementCounter,
  options: KyselyPersistenceOptions = {},
): Promise<Measured> {
  const { kernel, transport } = noopKernel(db, [workflow], options);
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
  try {
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
    const measured = {
      perJob: counter.statements / stageJobs,
      commitsPerJob: counter.transactions / stageJobs,
      sample: counter.texts.slice(0, 24).join("\n"),
    };

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
    return { ...measured, flushStatements: counter.statements };
  } finally {
    await transport.close();
  }
}

describe("statements per stage job in steady state", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("Postgres: one statement and one commit, output and events included", async () => {
    const schema = await createPostgresTestSchema({ max: 2 });
    cleanups.push(() => schema.teardown());
    const counter = countStatements(schema.pool);
    const measured = await measure(createPostgresDatabase(schema.pool), counter);
    expect(measured.perJob, measured.sample).toBe(BUDGET.statements);
    expect(measured.commitsPerJob, measured.sample).toBe(BUDGET.commits);
    expect(measured.sample).toMatch(/^with run_row as materialized/);
    // One flush publishes every event those jobs wrote: one claim, then one mark for all runs.
    expect(measured.flushStatements).toBe(BUDGET.flush);
  });

  it("Postgres without speculation: one transaction of at most 8 statements, output included", async () => {
    const schema = await createPostgresTestSchema({ max: 2 });
    cleanups.push(() => schema.teardown());
    const counter = countStatements(schema.pool);
    const measured = await measure(createPostgresDatabase(schema.pool), counter, {
      speculativeCommits: false,
    });
    expect(measured.perJob, measured.sample).toBeLessThanOrEqual(BUDGET.transactionStatements);
    expect(measured.commitsPerJob, measured.sample).toBe(BUDGET.commits);
    expect(measured.flushStatements).toBe(BUDGET.flush);
  });

  it("SQLite: one transaction of at most 12 statements, output included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stageflow-budget-"));
    const texts: string[] = [];
    const counter = statementCounter(texts);
    const db = createSqliteDatabase(join(dir, "stageflow.db"), {
      log: (event) => {
        if (event.level === "query" && counter.counting) texts.push(event.query.sql);
      },
    });
    cleanups.push(async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    });
    await migrateToLatest(db);
    const measured = await measure(db, counter);
    // In process, no round trips: the run, job and stages are three reads, and an append of
    // events two statements (sequence counters, then rows).
    expect(measured.perJob, measured.sample).toBeLessThanOrEqual(SQLITE_BUDGET.statements);
    expect(measured.commitsPerJob, measured.sample).toBe(BUDGET.commits);
    expect(measured.flushStatements).toBe(BUDGET.flush);
  });
});

describe("statements to start a dequeued job", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("Postgres: the dequeue reads each job's run with it; start and completion are one statement each", async () => {
    const schema = await createPostgresTestSchema({ max: 2 });
    cleanups.push(() => schema.teardown());
    const counter = countStatements(schema.pool);
    const db = createPostgresDatabase(schema.pool);
    const { kernel, transport } = noopKernel(db, [workflow]);
    cleanups.push(() => transport.close());
    for (let i = 0; i < RUNS; i++) {
      await kernel.dispatch({ type: "run.create", workflowId: workflow.id, input: {} });
    }
    // The claim queues every first stage's job instead of starting it.
    await kernel.dispatch({
      type: "run.claimPending",
      workerId: WORKER,
      maxClaims: RUNS,
      startJobs: 0,
    });
    const dequeueWithSnapshots = transport.dequeueWithSnapshots;
    if (dequeueWithSnapshots === undefined) throw new Error("expected dequeueWithSnapshots");

    counter.reset();
    counter.counting = true;
    const dequeued = await dequeueWithSnapshots({ workerId: WORKER, limit: RUNS, now: new Date() });
    expect(dequeued).toHaveLength(RUNS);
    expect(counter.statements).toBe(1);
    for (const { job, snapshot } of dequeued) {
      expect(snapshot).not.toBeNull();
      const result = await kernel.dispatch({
        type: "job.execute",
        jobId: job.id,
        workflowRunId: job.workflowRunId,
        workflowId: job.workflowId,
        stageId: job.stageId,
        workerId: WORKER,
        ...(snapshot === null ? {} : { snapshot }),
      });
      expect(result.outcome).toBe("completed");
    }
    counter.counting = false;
    // Per job: the speculative start and the speculative completion, and no read between.
    const sample = counter.texts.slice(0, 8).join("\n");
    expect((counter.statements - 1) / RUNS, sample).toBe(2);
    expect(
      counter.texts.every((text) => !text.startsWith("select to_jsonb(r)")),
      sample,
    ).toBe(true);
  });
});
