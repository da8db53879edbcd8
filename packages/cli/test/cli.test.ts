import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStageflow } from "@stageflow/engine";
import { createTestSchema, PG_URL } from "@stageflow/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticker, WORKFLOWS } from "./fixtures/workflows";
import {
  CONFIG,
  collect,
  json,
  jsonLines,
  runStageflow,
  startStageflow,
} from "./helpers/run-stageflow";
import { type SeededRuns, seedDatabase } from "./helpers/seed-database";

interface Dialect {
  readonly name: string;
  open(): Promise<{ url: string; cleanup(): Promise<void> }>;
}

const DIALECTS: Dialect[] = [
  {
    name: "sqlite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "sf-cli-"));
      return {
        url: `sqlite:${join(dir, "app.db")}`,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    async open() {
      const schema = await createTestSchema("sf_cli");
      const url = new URL(PG_URL);
      url.searchParams.set("options", `-c search_path=${schema.schema}`);
      return { url: url.toString(), cleanup: () => schema.drop() };
    },
  },
];

interface ListedRun {
  id: string;
  workflowId: string;
  status: string;
  createdAt: string;
}

describe.each(DIALECTS)("stageflow on $name", (dialect) => {
  let url = "";
  let cleanup = async () => {};
  let runs: SeededRuns;
  const sf = (...args: string[]) => runStageflow(["--database", url, ...args]);

  beforeAll(async () => {
    ({ url, cleanup } = await dialect.open());
    runs = await seedDatabase(url);
  });
  afterAll(() => cleanup());

  it("runs list: every run, newest first, as JSON when stdout is not a terminal", async () => {
    const result = await sf("runs", "list");
    expect(result.code).toBe(0);
    const listed = json<ListedRun[]>(result);
    expect(listed.map((run) => run.id)).toEqual([...runs.all].reverse());
    expect(new Set(listed.map((run) => run.status))).toEqual(
      new Set(["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]),
    );
    expect(Number.isNaN(Date.parse(listed[0]!.createdAt))).toBe(false);
  });

  it("runs list: status, workflow, metadata, limit and jsonl", async () => {
    const failed = json<ListedRun[]>(await sf("runs", "list", "--status", "failed"));
    expect(failed.map((run) => run.id)).toEqual([runs.failed]);
    const several = json<ListedRun[]>(
      await sf("runs", "list", "--status", "FAILED", "--status", "CANCELLED"),
    );
    expect(several.map((run) => run.id).sort()).toEqual([runs.failed, runs.cancelled].sort());
    const tickers = json<ListedRun[]>(await sf("runs", "list", "--workflow", "ticker"));
    expect(tickers.map((run) => run.id)).toEqual([runs.pending, runs.running]);
    const batchA = json<ListedRun[]>(await sf("runs", "list", "--meta", "batch=a"));
    expect(batchA.map((run) => run.id)).toEqual([...runs.completed].reverse());
    const byInput = json<ListedRun[]>(await sf("runs", "list", "--field", "input.text=four five"));
    expect(byInput.map((run) => run.id)).toEqual([runs.completed[1]]);
    const byMeta = json<ListedRun[]>(
      await sf("runs", "list", "--field", "metadata.batch=b", "--status", "FAILED"),
    );
    expect(byMeta.map((run) => run.id)).toEqual([runs.failed]);
    expect(json<ListedRun[]>(await sf("runs", "list", "--field", "input.text=4"))).toEqual([]);
    const limited = await sf("runs", "list", "--limit", "2", "-o", "jsonl");
    expect(jsonLines<ListedRun>(limited).map((run) => run.id)).toEqual([
      runs.pending,
      runs.running,
    ]);
    const recent = json<ListedRun[]>(await sf("runs", "list", "--since", "1h"));
    expect(recent).toHaveLength(runs.all.length);
    const future = json<ListedRun[]>(
      await sf("runs", "list", "--since", new Date(Date.now() + 3_600_000).toISOString()),
    );
    expect(future).toEqual([]);
  });

  it("runs list -o table prints a table with relative times", async () => {
    const result = await sf("runs", "list", "-o", "table", "--status", "FAILED");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("STATUS");
    expect(result.stdout).toContain(runs.failed);
    expect(result.stdout).toMatch(/ago|just now/);
  });

  it("usage errors exit 2 and unknown ids exit 3", async () => {
    for (const args of [
      ["runs", "list", "--status", "DONE"],
      ["runs", "list", "--limit", "zero"],
      ["runs", "list", "--since", "yesterday"],
      ["runs", "list", "--bogus"],
      ["runs", "list", "--field", "config.a=1"],
      ["runs", "list", "--field", "input=1"],
      ["runs", "list", "--field", "input.text"],
      ["runs", "list", "-o", "yaml"],
      ["runs", "nope"],
    ]) {
      const result = await sf(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stdout).toBe("");
      expect(result.stderr).not.toBe("");
    }
    const missing = await sf("runs", "show", "no-such-run");
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("no-such-run");
    expect((await sf("runs", "cancel", "no-such-run")).code).toBe(3);
    const noDatabase = await runStageflow(["runs", "list"], { STAGEFLOW_DATABASE_URL: "" });
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toContain("--database");
  });

  it("STAGEFLOW_DATABASE_URL stands in for --database", async () => {
    const result = await runStageflow(["runs", "list", "--status", "FAILED"], {
      STAGEFLOW_DATABASE_URL: url,
    });
    expect(json<ListedRun[]>(result).map((run) => run.id)).toEqual([runs.failed]);
  });

  it("runs show: stages, attempts and the stored error of a failed run", async () => {
    const result = await sf("runs", "show", runs.failed);
    expect(result.code).toBe(0);
    const detail = json<{
      run: { id: string; status: string; error: { message: string; stageId?: string } };
      stages: Array<{ stageId: string; status: string; attempts: Array<{ outcome: string }> }>;
      logs: Array<{ message: string }>;
      events: Array<{ type: string }>;
    }>(result);
    expect(detail.run).toMatchObject({ id: runs.failed, status: "FAILED" });
    expect(detail.run.error.message).toContain("the text asked to fail");
    expect(detail.stages.map((stage) => [stage.stageId, stage.status])).toEqual([
      ["split", "COMPLETED"],
      ["count", "FAILED"],
    ]);
    expect(detail.stages[1]!.attempts.map((attempt) => attempt.outcome)).toEqual(["failed"]);
    expect(detail.logs.map((log) => log.message)).toContain("splitting 15 characters");
    expect(detail.events.map((event) => event.type)).toContain("workflow:failed");
    const table = await sf("runs", "show", runs.failed, "-o", "table");
    expect(table.stdout).toContain("the text asked to fail");
    expect(table.stdout).toContain("STAGE");
  });

  it("dlq list shows the dead letters with their error; dlq replay puts them back", async () => {
    const listed = json<Array<{ workflowRunId: string; type: string; lastError: string }>>(
      await sf("dlq", "list"),
    );
    expect(listed.map((event) => event.workflowRunId).sort()).toEqual(
      [runs.running, runs.pending].sort(),
    );
    expect(listed.every((event) => event.type === "workflow:created")).toBe(true);
    expect(listed[0]!.lastError).toContain("sink is down");
    const byRun = json<unknown[]>(await sf("dlq", "list", "--run", runs.pending));
    expect(byRun).toHaveLength(1);
    const replayed = await sf("dlq", "replay", "--max", "1");
    expect(json(replayed)).toEqual({ replayed: 1 });
    expect(json<unknown[]>(await sf("dlq", "list"))).toHaveLength(1);
    expect((await sf("dlq", "replay", "--max", "0")).code).toBe(2);
  });

  it("events tail: the newest events of a run, oldest of them first", async () => {
    const result = await sf("events", "tail", "--run", runs.completed[0]!, "-n", "3");
    expect(result.code).toBe(0);
    const events = jsonLines<{ workflowRunId: string; sequence: number; type: string }>(result);
    expect(events).toHaveLength(3);
    expect(events.every((event) => event.workflowRunId === runs.completed[0])).toBe(true);
    expect(events.map((event) => event.sequence)).toEqual(
      [...events.map((e) => e.sequence)].sort((a, b) => a - b),
    );
    expect(events.at(-1)!.type).toBe("workflow:completed");
  });

  it("db status: every migration applied, the tables with their rows", async () => {
    const status = json<{
      pending: string[];
      migrations: Array<{ name: string }>;
      tables: Array<{ table: string; rows: number }>;
    }>(await sf("db", "status"));
    expect(status.pending).toEqual([]);
    expect(status.migrations.length).toBeGreaterThan(0);
    expect(status.tables.find((table) => table.table === "stageflow_runs")?.rows).toBe(
      runs.all.length,
    );
  });

  it("bulk cancel prints the count and changes nothing without --yes", async () => {
    const refused = await sf("runs", "cancel", "--status", "RUNNING", "--workflow", "ticker");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("1 run match");
    expect(refused.stderr).toContain("--yes");
    const still = json<ListedRun[]>(await sf("runs", "list", "--status", "RUNNING"));
    expect(still.map((run) => run.id)).toEqual([runs.running]);
    expect((await sf("runs", "cancel")).code).toBe(2);
  });

  it("bulk cancel with --yes cancels what matches, and only that", async () => {
    const done = await sf(
      "runs",
      "cancel",
      "--status",
      "PENDING",
      "--workflow",
      "ticker",
      "--reason",
      "cleanup",
      "--yes",
    );
    expect(done.code).toBe(0);
    expect(json(done)).toEqual({ matched: 1, cancelled: 1 });
    const pending = json<{ run: { status: string } }>(await sf("runs", "show", runs.pending));
    expect(pending.run.status).toBe("CANCELLED");
    const running = json<{ run: { status: string } }>(await sf("runs", "show", runs.running));
    expect(running.run.status).toBe("RUNNING");
    const one = await sf("runs", "cancel", runs.running, "--reason", "by hand");
    expect(json(one)).toEqual({ runId: runs.running, cancelled: true });
  });

  it("rerun from a stage, after a fix, with a worker from the config file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sf-cli-fix-"));
    const fix = join(dir, "fixed");
    try {
      const withoutWorkflows = await sf("runs", "rerun", runs.failed, "--from", "count");
      expect(withoutWorkflows.code).toBe(1);
      expect(withoutWorkflows.stderr).toContain("--config");
      const rerun = await sf("--config", CONFIG, "runs", "rerun", runs.failed, "--from", "count");
      expect(rerun.code).toBe(0);
      expect(json<{ deletedStages: string[] }>(rerun).deletedStages).toEqual(["count"]);
      writeFileSync(fix, "yes");
      const worker = startStageflow(
        ["--database", url, "--config", CONFIG, "worker", "--concurrency", "2"],
        {
          STAGEFLOW_TEST_FIX: fix,
        },
      );
      const exited = collect(worker);
      try {
        const follow = await sf("runs", "show", runs.failed, "--follow", "-o", "jsonl");
        expect(follow.code).toBe(0);
        const types = jsonLines<{ type: string }>(follow).map((event) => event.type);
        expect(types.at(-1)).toBe("workflow:completed");
      } finally {
        worker.kill("SIGTERM");
      }
      const result = await exited;
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("worker started");
      const shown = json<{ run: { status: string; output: unknown } }>(
        await sf("runs", "show", runs.failed),
      );
      expect(shown.run).toMatchObject({ status: "COMPLETED", output: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs show --follow and events tail --follow stream a live run to its end", async () => {
    const app = await createStageflow({
      database: url,
      workflows: WORKFLOWS,
      worker: { concurrency: 1 },
    });
    try {
      const handle = await app.run(ticker, { steps: 5, stepMs: 150 });
      const tail = startStageflow([
        "--database",
        url,
        "events",
        "tail",
        "--run",
        handle.id,
        "--follow",
        "--interval",
        "50",
      ]);
      const tailed = collect(tail);
      const follow = await sf(
        "runs",
        "show",
        handle.id,
        "--follow",
        "--interval",
        "50",
        "-o",
        "jsonl",
      );
      expect(follow.code).toBe(0);
      const followed = jsonLines<{ type: string; sequence: number }>(follow);
      expect(followed.filter((event) => event.type === "stage:progress").length).toBeGreaterThan(0);
      expect(followed.at(-1)!.type).toBe("workflow:completed");
      expect(followed.map((event) => event.sequence)).toEqual(
        followed.map((_, index) => index + 1),
      );
      const tailResult = await tailed;
      expect(tailResult.code).toBe(0);
      const tailedTypes = jsonLines<{ type: string }>(tailResult).map((event) => event.type);
      expect(tailedTypes.at(-1)).toBe("workflow:completed");
      expect(tailedTypes).toContain("stage:progress");
      await handle.result();
    } finally {
      await app.close();
    }
  });

  it("runs purge: refuses without --yes, then deletes finished runs and every row they own", async () => {
    const age = await sf("runs", "purge", "--older-than", "0s", "--status", "COMPLETED");
    expect(age.code).toBe(1);
    expect((await sf("runs", "purge", "--older-than", "0s", "--status", "RUNNING")).code).toBe(2);
    expect((await sf("runs", "purge", "--older-than", "soon")).code).toBe(2);
    const before = json<ListedRun[]>(await sf("runs", "list", "--limit", "100"));
    const done = await sf("runs", "purge", "--older-than", "0s", "--status", "COMPLETED", "--yes");
    expect(done.code).toBe(0);
    const purged = json<{ purged: number }>(done).purged;
    const completedBefore = before.filter((run) => run.status === "COMPLETED").length;
    expect(purged).toBe(completedBefore);
    const after = json<ListedRun[]>(await sf("runs", "list", "--limit", "100"));
    expect(after.filter((run) => run.status === "COMPLETED")).toEqual([]);
    expect(after).toHaveLength(before.length - purged);
  });
});

describe("stageflow db migrate on a fresh database", () => {
  it("reports pending migrations, applies them, then is up to date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sf-cli-db-"));
    const url = `sqlite:${join(dir, "fresh.db")}`;
    try {
      const before = json<{ pending: string[]; tables: unknown[] }>(
        await runStageflow(["--database", url, "db", "status"]),
      );
      expect(before.pending.length).toBeGreaterThan(0);
      expect(before.tables).toEqual([]);
      const migrated = json<{ applied: string[] }>(
        await runStageflow(["--database", url, "db", "migrate"]),
      );
      expect(migrated.applied).toEqual(before.pending);
      const again = json<{ applied: string[] }>(
        await runStageflow(["--database", url, "db", "migrate"]),
      );
      expect(again.applied).toEqual([]);
      const help = await runStageflow(["runs", "list", "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Examples:");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
