import { defineStage, WorkflowBuilder } from "@stageflow/core";
import {
  createKernel,
  createWorkflowRegistry,
  type JobExecuteResult,
  type Kernel,
  type Persistence,
  type StartedJob,
  systemClock,
} from "@stageflow/kernel";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
} from "../src/index";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { countStatements, type StatementCounter } from "./helpers/statement-counter";

const Empty = z.object({});
const Text = z.object({ text: z.string() });
const first = defineStage({
  id: "first",
  name: "first",
  schemas: { input: Empty, output: Text, config: Empty },
  async execute() {
    return { output: { text: "one" } };
  },
});
const second = defineStage({
  id: "second",
  name: "second",
  schemas: { input: Text, output: Text, config: Empty },
  async execute(ctx) {
    return { output: { text: `${ctx.input.text}+two` } };
  },
});
const workflow = new WorkflowBuilder("spec-2", "Speculation", "two stages", Empty, Text)
  .pipe(first)
  .pipe(second)
  .build();
const WORKER = "spec-worker";

interface Setup {
  schema: PostgresTestSchema;
  kernel: Kernel;
  persistence: Persistence;
  counter: StatementCounter;
  /** Creates a run and claims it: its first stage started for {@link WORKER}. */
  claim(): Promise<StartedJob>;
  execute(started: StartedJob): Promise<JobExecuteResult>;
}

/**
 * Every statement here goes through the kernel as a host would send it; the tests change the
 * database between a job's start and its completion, as another worker or command would.
 */
describe("speculative commits (Postgres)", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setup(): Promise<Setup> {
    const schema = await createPostgresTestSchema({ max: 3 });
    cleanups.push(() => schema.teardown());
    const counter = countStatements(schema.pool);
    const db = createPostgresDatabase(schema.pool);
    const transport = createKyselyJobTransport(db);
    cleanups.unshift(() => transport.close());
    const persistence = createKyselyPersistence(db);
    const kernel = createKernel({
      persistence,
      blobStore: createKyselyBlobStore(db),
      jobTransport: transport,
      eventSink: { emit: async () => {} },
      clock: systemClock,
      registry: createWorkflowRegistry([workflow]),
    });
    return {
      schema,
      kernel,
      persistence,
      counter,
      async claim() {
        await kernel.dispatch({ type: "run.create", workflowId: workflow.id, input: {} });
        const claim = await kernel.dispatch({
          type: "run.claimPending",
          workerId: WORKER,
          maxClaims: 1,
          startJobs: 1,
        });
        const [started] = claim.started;
        if (started === undefined) throw new Error("nothing claimed");
        return started;
      },
      execute(started) {
        return kernel.dispatch({
          type: "job.execute",
          jobId: started.job.id,
          workflowRunId: started.job.workflowRunId,
          workflowId: started.job.workflowId,
          stageId: started.job.stageId,
          workerId: WORKER,
          startNextJobs: 1,
          started,
        });
      },
    };
  }

  it("commits a completion in one statement and predicts the records the database holds", async () => {
    const s = await setup();
    const started = await s.claim();
    s.counter.counting = true;
    const result = await s.execute(started);
    s.counter.counting = false;
    expect(result.outcome).toBe("completed");
    expect(s.counter.texts).toHaveLength(1);
    const [next] = result.started ?? [];
    if (next === undefined) throw new Error("the second stage was not started");
    // What the kernel carries to the next job is what a read returns now.
    expect(next.run).toEqual(await s.persistence.getRun(next.run.id));
    expect(next.job).toEqual(await s.persistence.getJob(next.job.id));
    expect(next.stages).toEqual(await s.persistence.getStagesByRun(next.run.id));
    // The next job commits the same way, and completes the run with the right output.
    s.counter.reset();
    s.counter.counting = true;
    const last = await s.execute(next);
    s.counter.counting = false;
    expect(last.outcome).toBe("completed");
    expect(s.counter.texts).toHaveLength(1);
    const run = await s.persistence.getRun(next.run.id);
    expect(run?.status).toBe("COMPLETED");
    expect(run?.output).toEqual({ text: "one+two" });
    // Every event of the run, gapless and in the order the kernel wrote them.
    const { rows } = await sql<{ sequence: number; type: string }>`
      select sequence, type from stageflow_outbox_events where workflow_run_id = ${run?.id}
      order by sequence`.execute(s.schema.db);
    expect(rows.map((row) => Number(row.sequence))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((row) => row.type)).toEqual([
      "workflow:created",
      "workflow:started",
      "stage:started",
      "stage:completed",
      "stage:started",
      "stage:completed",
      "workflow:completed",
    ]);
  });

  it("falls back to the transaction when the run changed: a cancelled run's job is a ghost", async () => {
    const s = await setup();
    const started = await s.claim();
    await s.kernel.dispatch({ type: "run.cancel", workflowRunId: started.run.id });
    s.counter.counting = true;
    const result = await s.execute(started);
    s.counter.counting = false;
    expect(result.outcome).toBe("skipped");
    // The speculative statement wrote nothing, then the transaction decided.
    expect(s.counter.texts[0]).toMatch(/^with run_row as materialized/);
    expect(s.counter.texts).toContain("begin");
    const stages = await s.persistence.getStagesByRun(started.run.id);
    expect(stages.find((each) => each.stageId === "first")?.status).toBe("CANCELLED");
    expect(stages.find((each) => each.stageId === "second")).toBeUndefined();
  });

  it("falls back when the job's lease moved to another worker, and writes nothing", async () => {
    const s = await setup();
    const started = await s.claim();
    await sql`update stageflow_jobs set locked_by = 'someone-else' where id = ${started.job.id}`.execute(
      s.schema.db,
    );
    const result = await s.execute(started);
    expect(result.outcome).toBe("skipped");
    expect(result.reason).toMatch(/lease lost/);
    const stage = (await s.persistence.getStagesByRun(started.run.id)).find(
      (each) => each.stageId === "first",
    );
    expect(stage?.status).toBe("RUNNING");
    expect(stage?.version).toBe(started.stages.find((each) => each.stageId === "first")?.version);
    expect((await s.persistence.getJob(started.job.id))?.status).toBe("RUNNING");
  });

  it("falls back when the stage changed, and the transaction then reports the conflict", async () => {
    const s = await setup();
    const started = await s.claim();
    const stage = started.stages.find((each) => each.stageId === "first");
    if (stage === undefined) throw new Error("no first stage");
    await sql`update stageflow_stages set version = version + 1 where id = ${stage.id}`.execute(
      s.schema.db,
    );
    const result = await s.execute(started);
    // The transaction reads the stage afresh: still RUNNING, so it completes it.
    expect(result.outcome).toBe("completed");
    const after = (await s.persistence.getStagesByRun(started.run.id)).find(
      (each) => each.stageId === "first",
    );
    expect(after?.status).toBe("COMPLETED");
    expect(after?.version).toBe(stage.version + 2);
  });

  it("aborts the whole statement when a guarded write misses (the next stage exists already)", async () => {
    const s = await setup();
    const started = await s.claim();
    const speculative = s.persistence.speculate?.(started);
    if (speculative === undefined) throw new Error("no speculation on Postgres");
    const now = new Date();
    const stage = started.stages.find((each) => each.stageId === "first");
    if (stage === undefined) throw new Error("no first stage");
    await speculative.lockRunWithJobAndStages?.(started.run.id, started.job.id);
    expect(await speculative.completeJob(started.job.id, now, { workerId: WORKER })).toBe(true);
    await speculative.updateStage(stage.id, { status: "COMPLETED" }, now, {
      expectedVersion: stage.version,
    });
    const next = {
      workflowRunId: started.run.id,
      stageId: "second",
      stageName: "second",
      groupIndex: 2,
      now,
    };
    const job = {
      workflowRunId: started.run.id,
      workflowId: workflow.id,
      stageId: "second",
      priority: 0,
      attempt: 1,
      maxAttempts: 3,
      now,
    };
    await speculative.insertStagesJobsAndEvents?.({ stages: [next], jobs: [job], events: [] });
    // Meanwhile the stage appears (as no consistent run allows): the plan must not half-apply.
    await s.persistence.createStages([next]);
    await expect(speculative.commit()).rejects.toThrow(/division by zero/);
    expect((await s.persistence.getJob(started.job.id))?.status).toBe("RUNNING");
    const first = (await s.persistence.getStagesByRun(started.run.id)).find(
      (each) => each.stageId === "first",
    );
    expect(first?.status).toBe("RUNNING");
  });

  it("refuses what it cannot plan, before anything is written", async () => {
    const s = await setup();
    const started = await s.claim();
    const speculative = s.persistence.speculate?.(started);
    if (speculative === undefined) throw new Error("no speculation on Postgres");
    await expect(speculative.getRun(started.run.id)).rejects.toThrow(/cannot plan/);
    await expect(
      speculative.updateRun(started.run.id, { currentGroup: 2 }, new Date(), {
        expectedVersion: started.run.version + 5,
      }),
    ).rejects.toThrow(/cannot plan/);
    await expect(speculative.appendLogs([])).rejects.toThrow(/cannot plan/);
    expect((await s.persistence.getRun(started.run.id))?.version).toBe(started.run.version);
  });

  it("is off with speculativeCommits: false, and on SQLite", async () => {
    const s = await setup();
    const started = await s.claim();
    const off = createKyselyPersistence(s.schema.db, { speculativeCommits: false });
    expect(off.speculate?.(started)).toBeUndefined();
    const sqlite = createSqliteDatabase(":memory:");
    cleanups.push(() => sqlite.destroy());
    expect(createKyselyPersistence(sqlite).speculate?.(started)).toBeUndefined();
  });
});
