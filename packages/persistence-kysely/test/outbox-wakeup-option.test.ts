import type { OutboxWakeup, StartedJob } from "@stageflow/kernel";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createPostgresDatabase, POSTGRES_CHANNELS } from "../src/index";
import { noopKernel, noopWorkflow } from "./helpers/noop-kernel";
import { PG_URL } from "./helpers/pg-url";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { countStatements } from "./helpers/statement-counter";

const workflow = noopWorkflow("wakeup-2", ["first", "second"]);

const WORKER = "wakeup-worker";

/**
 * A LISTEN connection on the outbox channel of `schema`, counting its notifications. Postgres
 * sends a session the notifications committed before a query of its own ends, so `settle()` (a
 * round trip) makes the count exact without waiting for time to pass.
 */
async function outboxListener(schema: PostgresTestSchema) {
  const client = new pg.Client({ connectionString: PG_URL });
  let count = 0;
  client.on("notification", (message) => {
    if (message.channel === POSTGRES_CHANNELS.outbox && message.payload === schema.schema) count++;
  });
  await client.connect();
  await client.query(`listen ${POSTGRES_CHANNELS.outbox}`);
  return {
    async settle(): Promise<number> {
      await client.query("select 1");
      return count;
    },
    close: () => client.end(),
  };
}

describe("job.execute outboxWakeup on Postgres (speculative commits)", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A claimed run whose first job was started for {@link WORKER}, and how to execute a job. */
  async function setup() {
    const schema = await createPostgresTestSchema({ max: 2 });
    cleanups.push(() => schema.teardown());
    const counter = countStatements(schema.pool);
    const db = createPostgresDatabase(schema.pool);
    const { kernel, transport } = noopKernel(db, [workflow]);
    cleanups.push(() => transport.close());
    await kernel.dispatch({ type: "run.create", workflowId: workflow.id, input: {} });
    const claim = await kernel.dispatch({
      type: "run.claimPending",
      workerId: WORKER,
      startJobs: 1,
    });
    const [first] = claim.started;
    if (first === undefined) throw new Error("nothing started");
    const listener = await outboxListener(schema);
    cleanups.push(() => listener.close());
    const execute = (started: StartedJob, outboxWakeup?: OutboxWakeup) =>
      kernel.dispatch({
        type: "job.execute",
        jobId: started.job.id,
        workflowRunId: started.job.workflowRunId,
        workflowId: started.job.workflowId,
        stageId: started.job.stageId,
        workerId: WORKER,
        startNextJobs: 1,
        started,
        ...(outboxWakeup === undefined ? {} : { outboxWakeup }),
      });
    return { first, execute, listener, counter };
  }

  it('"runEnd": a commit that only advances the run wakes nobody; the one that completes it does', async () => {
    const { first, execute, listener, counter } = await setup();
    const base = await listener.settle();

    counter.counting = true;
    const advanced = await execute(first, "runEnd");
    counter.counting = false;
    expect(advanced.outcome).toBe("completed");
    // One speculative statement, without the outbox's NOTIFY.
    expect(counter.texts).toHaveLength(1);
    expect(counter.texts[0]).not.toContain(`pg_notify('${POSTGRES_CHANNELS.outbox}'`);
    expect(await listener.settle()).toBe(base);

    const [second] = advanced.started ?? [];
    if (second === undefined) throw new Error("the next stage was not started");
    expect((await execute(second, "runEnd")).outcome).toBe("completed");
    // workflow:completed: processes waiting for the result are woken.
    expect(await listener.settle()).toBe(base + 1);
  });

  it('"always" (the default): every commit with events wakes subscribers', async () => {
    const { first, execute, listener } = await setup();
    const base = await listener.settle();
    const advanced = await execute(first);
    expect(advanced.outcome).toBe("completed");
    expect(await listener.settle()).toBe(base + 1);
    const [second] = advanced.started ?? [];
    if (second === undefined) throw new Error("the next stage was not started");
    expect((await execute(second, "always")).outcome).toBe("completed");
    expect(await listener.settle()).toBe(base + 2);
  });

  it("refuses an outboxWakeup it does not know, writing nothing", async () => {
    const { first, execute, listener } = await setup();
    const base = await listener.settle();
    await expect(execute(first, "never" as OutboxWakeup)).rejects.toMatchObject({
      code: "INVALID_COMMAND",
      field: "outboxWakeup",
    });
    expect(await listener.settle()).toBe(base);
  });
});
