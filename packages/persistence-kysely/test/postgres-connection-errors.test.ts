import { sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createKyselyPersistence, createPostgresDatabase } from "../src/index";
import { newRun } from "./helpers/fixtures";
import { PG_URL } from "./helpers/pg-url";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";
import { runWorkers } from "./helpers/spawn-workers";

interface CutReport {
  transaction: "committed" | "rejected";
  transactionError?: string;
  reported: string[];
  next: "ok" | "missing";
}

const CUT_ERRORS = ["57P01", "Connection terminated unexpectedly"];

describe("postgres connection cut in the middle of a transaction", { timeout: 60_000 }, () => {
  let schema: PostgresTestSchema | undefined;
  afterEach(async () => {
    await schema?.teardown();
    schema = undefined;
  });

  it.each([
    { pool: "created", when: "between-statements", handler: "onError" },
    { pool: "created", when: "mid-query", handler: "onError" },
    { pool: "supplied", when: "between-statements", handler: "onError" },
    { pool: "supplied", when: "mid-query", handler: "default" },
    { pool: "created", when: "between-statements", handler: "default" },
  ])(
    "survives pg_terminate_backend $when ($pool pool, $handler handler): the transaction rejects, the next one commits",
    async (config) => {
      schema = await createPostgresTestSchema();
      // A separate process: an uncaught exception there fails this test instead of the runner.
      const [report] = await runWorkers<CutReport>("pg-connection-cut-worker.mjs", [
        { ...config, schema: schema.schema },
      ]);
      expect(report?.transaction).toBe("rejected");
      expect(report?.transactionError).toBeTruthy();
      expect(report?.next).toBe("ok");
      expect(report?.reported.some((entry) => CUT_ERRORS.includes(entry))).toBe(true);
      if (config.handler === "default") {
        const warnings = report?.reported.filter((entry) => entry.startsWith("warn: ")) ?? [];
        expect(warnings.length).toBeGreaterThan(0);
        // Once per kind of error: no kind is warned about twice.
        const kinds = report?.reported.filter((entry) => !entry.startsWith("warn: ")) ?? [];
        expect(new Set(kinds).size).toBe(kinds.length);
      }
    },
  );
});

describe("postgres pool error listeners", () => {
  let schema: PostgresTestSchema | undefined;
  afterEach(async () => {
    await schema?.teardown();
    schema = undefined;
  });

  it("guards a supplied pool once however many databases use it, and each client once", async () => {
    schema = await createPostgresTestSchema();
    const pool = new pg.Pool({
      connectionString: PG_URL,
      max: 2,
      options: `-c search_path=${schema.schema}`,
    });
    const before = { connect: pool.listenerCount("connect"), error: pool.listenerCount("error") };
    const first = createPostgresDatabase(pool, { onError: () => {} });
    const second = createPostgresDatabase(pool, { onError: () => {} });
    await sql`select 1`.execute(first);
    await sql`select 1`.execute(second);
    expect(pool.listenerCount("connect")).toBe(before.connect + 1);
    expect(pool.listenerCount("acquire")).toBe(1);
    expect(pool.listenerCount("error")).toBe(before.error + 1);
    const client = await pool.connect();
    try {
      // Checked out: the pool's idle listener is off, ours stays (exactly one).
      expect(client.listenerCount("error")).toBe(1);
    } finally {
      client.release();
    }
    await first.destroy();
  });

  it("reports an idle client's terminated connection to onError; the next query reconnects", async () => {
    schema = await createPostgresTestSchema();
    const applicationName = `sf_idle_${process.pid}`;
    const errors: string[] = [];
    const db = createPostgresDatabase(PG_URL, {
      poolConfig: { options: `-c search_path=${schema.schema}`, application_name: applicationName },
      onError: (error) => errors.push((error as { code?: string }).code ?? error.message),
    });
    const persistence = createKyselyPersistence(db);
    await persistence.createRun(newRun());
    await terminateBackends(applicationName);
    await vi.waitFor(() => expect(errors).toContain("57P01"));
    expect(errors.every((code) => CUT_ERRORS.includes(code))).toBe(true);
    const run = await persistence.createRun(newRun());
    expect((await persistence.getRun(run.id))?.id).toBe(run.id);
    await db.destroy();
  });

  it("warns through console.warn by default, once per kind of error", async () => {
    schema = await createPostgresTestSchema();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const applicationName = `sf_warn_${process.pid}`;
    // A pool of our own, so the test can wait until the terminated clients have left it.
    const pool = new pg.Pool({
      connectionString: PG_URL,
      max: 3,
      options: `-c search_path=${schema.schema}`,
      application_name: applicationName,
    });
    const db = createPostgresDatabase(pool);
    try {
      const persistence = createKyselyPersistence(db);
      // Three transactions open at once: three connections, idle in the pool afterwards.
      let started = 0;
      let allStarted: () => void = () => {};
      const barrier = new Promise<void>((resolve) => {
        allStarted = resolve;
      });
      await Promise.all(
        [1, 2, 3].map(() =>
          persistence.withTransaction(async (tx) => {
            await tx.createRun(newRun());
            started += 1;
            if (started === 3) allStarted();
            await barrier;
          }),
        ),
      );
      expect(await terminateBackends(applicationName)).toBe(3);
      await vi.waitFor(() => expect(warn).toHaveBeenCalled());
      // Each idle client leaves the pool on its own error event; query only once all three have.
      await vi.waitFor(() => expect(pool.totalCount).toBe(0));
      await persistence.createRun(newRun());
      // Three connections terminated (57P01 each, while idle): one kind, one warning.
      const messages = warn.mock.calls.map((call) => String(call[0]));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^\[stageflow\] Postgres connection error \(57P01\)/);
    } finally {
      warn.mockRestore();
      await db.destroy();
    }
  });
});

/** Terminates the backends of `applicationName` from another connection; answers how many. */
async function terminateBackends(applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1",
      [applicationName],
    );
    return rows.length;
  } finally {
    await client.end();
  }
}
