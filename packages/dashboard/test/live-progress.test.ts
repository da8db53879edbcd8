import { createStageflow, defineStage, type Stageflow, WorkflowBuilder } from "@stageflow/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDashboard } from "../src/create-dashboard";
import type { Dashboard } from "../src/dashboard-options";
import { DIALECTS, type TestDatabase } from "./helpers/databases";
import { waitUntil } from "./helpers/seed";
import { ORIGIN } from "./helpers/seeded-dashboard";

/** Lets the running body go on to its next step. */
const gates = { step: 0 };

/** One stage that reports progress, then waits until `gates.step` moves on, twice. */
const live = new WorkflowBuilder("live", "Live", "Reports progress", z.object({}), z.string())
  .pipe(
    defineStage({
      id: "crunch",
      name: "Crunch",
      schemas: { input: z.object({}), output: z.string(), config: z.object({}) },
      async execute(ctx) {
        ctx.onProgress({ progress: 0.25, message: "reading", details: { rows: 10 } });
        while (gates.step < 1) await new Promise((resolve) => setTimeout(resolve, 5));
        ctx.onProgress({ progress: 0.75, message: "writing" });
        while (gates.step < 2) await new Promise((resolve) => setTimeout(resolve, 5));
        ctx.onProgress({ progress: 1, message: "done" });
        return { output: "ok" };
      },
    }),
  )
  .build();

const silent = { info() {}, warn() {}, error() {}, debug() {} };

interface StageJson {
  readonly stageId: string;
  readonly status: string;
  readonly progress: { progress: number; message: string; details?: unknown } | null;
}

describe.each(DIALECTS)("a running stage's progress in GET /api/runs/:id on $name", (dialect) => {
  let db: TestDatabase;
  let worker: Stageflow;
  let client: Stageflow;
  let dashboard: Dashboard;
  beforeAll(async () => {
    db = await dialect.open();
    // The worker writes progress at every report; the dashboard reads through another instance.
    worker = await createStageflow({
      database: db.url,
      workflows: [live],
      worker: { concurrency: 1, shutdownTimeoutMs: 200, handleSignals: false },
      kernel: { progressWriteIntervalMs: 0 },
      logger: silent,
    });
    client = await createStageflow({
      database: db.url,
      workflows: [live],
      worker: false,
      migrate: false,
      logger: silent,
    });
    dashboard = createDashboard({ kernel: client.kernel, blobStore: client.blobStore });
  });
  afterAll(async () => {
    gates.step = 2;
    await worker?.close();
    await client?.close();
    await db?.cleanup();
  });

  it("shows the latest progress while the body runs, then the committed one", async () => {
    gates.step = 0;
    const handle = await worker.run(live, {});
    const crunch = async (): Promise<StageJson | undefined> => {
      const response = await dashboard.fetch(new Request(`${ORIGIN}/api/runs/${handle.id}`));
      expect(response.status).toBe(200);
      const body = (await response.json()) as { stages: StageJson[] };
      return body.stages.find((stage) => stage.stageId === "crunch");
    };
    await waitUntil("the first report is visible", async () => {
      return (await crunch())?.progress?.message === "reading";
    });
    expect(await crunch()).toMatchObject({
      status: "RUNNING",
      progress: { progress: 0.25, message: "reading", details: { rows: 10 } },
    });
    gates.step = 1;
    await waitUntil("the second report is visible", async () => {
      return (await crunch())?.progress?.message === "writing";
    });
    expect(await crunch()).toMatchObject({
      status: "RUNNING",
      progress: { progress: 0.75, message: "writing" },
    });
    gates.step = 2;
    expect(await handle.result()).toBe("ok");
    expect(await crunch()).toMatchObject({
      status: "COMPLETED",
      progress: { progress: 1, message: "done" },
    });
  });
});
