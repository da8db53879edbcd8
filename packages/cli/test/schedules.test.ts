import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStageflow } from "@stageflow/engine";
import { createTestSchema, PG_URL } from "@stageflow/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKFLOWS } from "./fixtures/workflows";
import { CONFIG, json, runStageflow } from "./helpers/run-stageflow";

const DIALECTS = [
  {
    name: "sqlite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "sf-cli-schedules-"));
      return {
        url: `sqlite:${join(dir, "app.db")}`,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    async open() {
      const schema = await createTestSchema("sf_cli_sched");
      const url = new URL(PG_URL);
      url.searchParams.set("options", `-c search_path=${schema.schema}`);
      return { url: url.toString(), cleanup: () => schema.drop() };
    },
  },
];

describe.each(DIALECTS)("stageflow schedules on $name", (dialect) => {
  let url = "";
  let cleanup = async () => {};
  const sf = (...args: string[]) => runStageflow(["--database", url, ...args]);

  beforeAll(async () => {
    ({ url, cleanup } = await dialect.open());
    // A schedule declared in code, kept in step by createStageflow (no worker: nothing fires).
    const app = await createStageflow({
      database: url,
      workflows: WORKFLOWS,
      worker: false,
      schedules: [
        {
          scheduleId: "hourly",
          workflowId: "ticker",
          cron: "0 * * * *",
          input: { steps: 1, stepMs: 1 },
        },
      ],
    });
    await app.close();
  });
  afterAll(() => cleanup());

  it("list and show: the declared schedule, its next fire times", async () => {
    const listed = json<Array<{ id: string; workflowId: string; paused: boolean }>>(
      await sf("schedules", "list"),
    );
    expect(listed.map((s) => [s.id, s.workflowId, s.paused])).toEqual([
      ["hourly", "ticker", false],
    ]);
    const shown = json<{ schedule: { id: string }; nextFireTimes: string[] }>(
      await sf("schedules", "show", "hourly", "-n", "3"),
    );
    expect(shown.schedule.id).toBe("hourly");
    expect(shown.nextFireTimes).toHaveLength(3);
    const hours = shown.nextFireTimes.map((t) => new Date(t));
    expect(hours.every((t) => t.getUTCMinutes() === 0 && t.getTime() > Date.now())).toBe(true);
    expect((await sf("schedules", "show", "nope")).code).toBe(3);
  });

  it("pause, unpause and trigger", async () => {
    expect(json<{ paused: boolean }>(await sf("schedules", "pause", "hourly")).paused).toBe(true);
    const paused = json<Array<{ id: string }>>(await sf("schedules", "list", "--paused"));
    expect(paused.map((s) => s.id)).toEqual(["hourly"]);
    expect(json<{ paused: boolean }>(await sf("schedules", "unpause", "hourly")).paused).toBe(
      false,
    );
    expect(json<unknown[]>(await sf("schedules", "list", "--paused"))).toEqual([]);
    const withoutWorkflows = await sf("schedules", "trigger", "hourly");
    expect(withoutWorkflows.code).toBe(1);
    expect(withoutWorkflows.stderr).toContain("--config");
    const triggered = json<{ workflowRunId: string }>(
      await sf("--config", CONFIG, "schedules", "trigger", "hourly"),
    );
    const runs = json<Array<{ id: string }>>(await sf("runs", "list", "--workflow", "ticker"));
    expect(runs.map((run) => run.id)).toEqual([triggered.workflowRunId]);
  });

  it("backfill starts the run of every past tick once", async () => {
    const from = new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString();
    const to = new Date(Date.now() - 60_000).toISOString();
    const first = json<{ fired: number; skipped: number; workflowRunIds: string[] }>(
      await sf("--config", CONFIG, "schedules", "backfill", "hourly", "--from", from, "--to", to),
    );
    expect(first.fired).toBe(3);
    expect(first.workflowRunIds).toHaveLength(3);
    const again = json<{ fired: number; skipped: number }>(
      await sf("--config", CONFIG, "schedules", "backfill", "hourly", "--from", from, "--to", to),
    );
    expect(again).toMatchObject({ fired: 0, skipped: 3 });
    expect((await sf("schedules", "backfill", "hourly", "--from", to, "--to", from)).code).toBe(2);
    expect((await sf("schedules", "backfill", "hourly")).code).toBe(2);
  });
});
