import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  createStageflow,
  isRunCancelledError,
  isRunFailedError,
  isStageflowError,
  parseDatabaseUrl,
  RunCancelledError,
  RunFailedError,
  RunNotFoundError,
  type Stageflow,
  StageflowClosedError,
  type StageflowOptions,
  ValidationError,
} from "../src/index";
import { DIALECTS, type TestDatabase } from "./fixtures/databases";
import { failing, WORKFLOWS, waiting, wordCount } from "./fixtures/workflows";

const open: Array<{ sf: Stageflow; db: TestDatabase }> = [];

afterEach(async () => {
  for (const { sf, db } of open.splice(0)) {
    await sf.close();
    await db.cleanup();
  }
});

describe.each(DIALECTS)("createStageflow on $dialect", ({ open: openDatabase }) => {
  async function start(options: Partial<StageflowOptions> = {}) {
    const db = await openDatabase();
    const sf = await createStageflow({
      database: db.url,
      workflows: WORKFLOWS,
      worker: { handleSignals: false, shutdownTimeoutMs: 2_000 },
      ...options,
    });
    open.push({ sf, db });
    return { sf, db };
  }

  it("migrates, runs a two-stage workflow in its own worker, and resolves the typed output", async () => {
    const { sf, db } = await start();
    const location = parseDatabaseUrl(db.url);
    if (location.dialect === "sqlite") expect(existsSync(location.filename)).toBe(true);
    const run = await sf.run(wordCount, { text: "durable typed workflows" });
    const output = await run.result();
    expect(output).toEqual({ count: 3, longest: "workflows" });
    expect(await run.status()).toBe("COMPLETED");
    expect(sf.host?.getStats().isRunning).toBe(true);
  });

  it("passes config, priority and metadata to run.create", async () => {
    const { sf } = await start();
    const run = await sf.run(
      wordCount,
      { text: "a bb ccc" },
      { config: { split: { minLength: 2 } }, priority: 8, metadata: { user: "u1" } },
    );
    expect(await run.result()).toEqual({ count: 2, longest: "ccc" });
    const record = await run.get();
    expect(record).toMatchObject({ priority: 8, metadata: { user: "u1" } });
    expect(record.config).toMatchObject({ split: { minLength: 2 } });
  });

  it("returns the first run for a repeated idempotency key", async () => {
    const { sf } = await start();
    const first = await sf.run(wordCount, { text: "one two" }, { idempotencyKey: "doc-1" });
    const again = await sf.run(wordCount, { text: "one two" }, { idempotencyKey: "doc-1" });
    expect(again.id).toBe(first.id);
    expect(await again.result()).toEqual({ count: 2, longest: "one" });
    const runs = await sf.database.selectFrom("stageflow_runs").select("id").execute();
    expect(runs.map((r) => r.id)).toEqual([first.id]);
  });

  it("rejects result() with RunFailedError carrying the stored error", async () => {
    const { sf } = await start();
    const run = await sf.run(failing, { text: "x" });
    const error = await run.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect(isStageflowError(error) && error.code).toBe("RUN_FAILED");
    expect(isRunFailedError(error)).toBe(true);
    expect(isRunCancelledError(error)).toBe(false);
    const failed = error as RunFailedError;
    expect(failed.workflowRunId).toBe(run.id);
    expect(failed.error).toMatchObject({
      message: 'no quota left for "x"',
      code: "NON_RETRYABLE",
      stageId: "explode",
    });
    expect(failed.error).toEqual((await run.get()).error);
    expect(failed.message).toContain('in stage "explode"');
  });

  it("rejects result() with RunCancelledError when the run is cancelled", async () => {
    const { sf } = await start();
    const run = await sf.run(waiting, { text: "x" });
    const result = run.result().catch((e: unknown) => e);
    await expect.poll(() => run.status()).toBe("RUNNING");
    expect(await run.cancel("changed my mind")).toBe(true);
    const error = await result;
    expect(error).toBeInstanceOf(RunCancelledError);
    expect(isRunCancelledError(error)).toBe(true);
    expect((error as RunCancelledError).code).toBe("RUN_CANCELLED");
    expect((error as RunCancelledError).reason).toBe("changed my mind");
    expect(await run.cancel()).toBe(false);
  });

  it("wakes result() without polling (the fallback poll is an hour)", async () => {
    const { sf } = await start({ resultPollIntervalMs: 3_600_000 });
    const run = await sf.run(wordCount, { text: "no polling here" });
    expect(await run.result()).toEqual({ count: 3, longest: "polling" });
  });

  it("gives the same handle from sf.runs.get, and RunNotFoundError for an unknown id", async () => {
    const { sf } = await start();
    const created = await sf.run(wordCount, { text: "found again" });
    const found = await sf.runs.get(created.id, wordCount);
    expect(found.id).toBe(created.id);
    expect(await found.result()).toEqual({ count: 2, longest: "found" });
    const missing = await sf.runs.get("no-such-run").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RunNotFoundError);
  });

  it("rejects invalid input with a ValidationError and writes nothing", async () => {
    const { sf } = await start();
    const error = await sf
      .run(wordCount, { text: 42 } as unknown as { text: string })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const runs = await sf.database.selectFrom("stageflow_runs").select("id").execute();
    expect(runs).toEqual([]);
  });

  it("close() drains, rejects later calls, and destroys the database it opened", async () => {
    const { sf } = await start();
    const run = await sf.run(waiting, { text: "x" });
    const pending = run.result().catch((e: unknown) => e);
    await sf.close();
    expect(await pending).toBeInstanceOf(StageflowClosedError);
    expect(sf.host?.getStats().isRunning).toBe(false);
    await expect(sf.run(wordCount, { text: "late" })).rejects.toBeInstanceOf(StageflowClosedError);
    await expect(sf.database.selectFrom("stageflow_runs").select("id").execute()).rejects.toThrow();
    await sf.close(); // twice is fine
  });
});
