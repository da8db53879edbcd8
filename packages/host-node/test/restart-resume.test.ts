import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineStage, WorkflowBuilder } from "@stageflow/core";
import { createKernel, createWorkflowRegistry, type Kernel, systemClock } from "@stageflow/kernel";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  createPostgresDatabase,
  createSqliteDatabase,
  migrateToLatest,
} from "@stageflow/persistence-kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "./fixtures/postgres-database";

const SCRIPT = fileURLToPath(new URL("./crash/restart-worker.mjs", import.meta.url));
const BUILT_HOST = fileURLToPath(new URL("../dist/index.js", import.meta.url));

const Value = z.object({ value: z.number() });
/** The parent only creates runs: the same workflow id and schemas as the child's. */
const restart = new WorkflowBuilder("restart", "Restart", "one slow stage", Value, Value)
  .pipe(
    defineStage({
      id: "slow",
      name: "slow",
      schemas: { input: Value, output: Value, config: z.object({}) },
      async execute(ctx) {
        return { output: ctx.input };
      },
    }),
  )
  .build();

interface Child {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<unknown>;
}

function spawnChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => lines.push(...chunk.split("\n").filter(Boolean)));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, lines, exited };
}

type Target = {
  db: ReturnType<typeof createSqliteDatabase>;
  env: Record<string, string>;
  close(): Promise<void>;
};

const TARGETS: Record<string, () => Promise<Target>> = {
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), "stageflow-restart-"));
    const file = join(dir, "app.db");
    const db = createSqliteDatabase(file);
    return {
      db,
      env: { STAGEFLOW_RESTART_SQLITE: file },
      async close() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  postgres: async () => {
    const database: TestDatabase = await createTestDatabase("sf_host_restart");
    const db = createPostgresDatabase(database.url, { maxConnections: 3 });
    return {
      db,
      env: { STAGEFLOW_RESTART_PG_URL: database.url },
      async close() {
        await db.destroy();
        await database.drop();
      },
    };
  },
};

describe.each(Object.keys(TARGETS))("a restarted embedded app (%s)", (name) => {
  const children: Child[] = [];
  let target: Target | undefined;
  afterEach(async () => {
    for (const each of children.splice(0)) {
      each.child.kill("SIGKILL");
      await each.exited;
    }
    await target?.close();
    target = undefined;
  });

  it("resumes its own interrupted stage after SIGKILL without waiting out the 10 min lease", async () => {
    expect(existsSync(BUILT_HOST), "build @stageflow/host-node first").toBe(true);
    target = await (TARGETS[name] as () => Promise<Target>)();
    await migrateToLatest(target.db);
    const kernel: Kernel = createKernel({
      persistence: createKyselyPersistence(target.db),
      blobStore: createKyselyBlobStore(target.db),
      jobTransport: createKyselyJobTransport(target.db),
      eventSink: { emit: async () => {} },
      clock: systemClock,
      registry: createWorkflowRegistry([restart]),
    });
    const { workflowRunId } = await kernel.dispatch({
      type: "run.create",
      workflowId: "restart",
      input: { value: 1 },
    });

    const first = spawnChild({ ...target.env, STAGEFLOW_RESTART_HANG: "1" });
    children.push(first);
    await vi.waitFor(() => expect(first.lines).toContain(`exec ${workflowRunId}`), {
      timeout: 30_000,
      interval: 20,
    });
    first.child.kill("SIGKILL");
    await first.exited;
    const persistence = createKyselyPersistence(target.db);
    const [job] = await persistence.getJobsByRun(workflowRunId);
    expect(job).toMatchObject({ status: "RUNNING", lockedBy: "embedded-app" });

    const second = spawnChild({ ...target.env, STAGEFLOW_RESTART_HANG: "0" });
    children.push(second);
    const run = await vi.waitFor(
      async () => {
        const current = await persistence.getRun(workflowRunId);
        if (current?.status !== "COMPLETED") throw new Error(`run is ${current?.status}`);
        return current;
      },
      { timeout: 60_000, interval: 50 },
    );
    expect(run.output).toEqual({ value: 2 });
    expect(second.lines).toContain(`exec ${workflowRunId}`);
  });

  it("reclaims nothing while another live process holds the same worker id", async () => {
    target = await (TARGETS[name] as () => Promise<Target>)();
    await migrateToLatest(target.db);
    const transport = createKyselyJobTransport(target.db);
    const now = new Date();
    const held = await transport.claimWorkerIdentity({ workerId: "twin", now });
    expect(held).not.toBeNull();
    expect(await transport.claimWorkerIdentity({ workerId: "twin", now })).toBeNull();
    const other = await transport.claimWorkerIdentity({ workerId: "other", now });
    expect(other).not.toBeNull();
    await other?.release();
    await held?.release();
    const again = await transport.claimWorkerIdentity({ workerId: "twin", now });
    expect(again).not.toBeNull();
    await again?.release();
  });
});
