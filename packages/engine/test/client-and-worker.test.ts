import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createStageflow, type Stageflow } from "../src/index";
import { DIALECTS, type TestDatabase } from "./fixtures/databases";
import { WORKFLOWS, wordCount } from "./fixtures/workflows";

const WORKER = fileURLToPath(new URL("./fixtures/worker-main.ts", import.meta.url));

/** Starts a worker process on `url`; resolves once it printed "ready <workerId>". */
function startWorker(url: string): Promise<{ child: ChildProcess; workerId: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, STAGEFLOW_DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const line = chunk.toString();
      if (line.startsWith("ready"))
        resolve({ child, workerId: line.slice("ready ".length).trim() });
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(DIALECTS)(
  "a worker: false client and a worker process on $dialect",
  ({ dialect, open }) => {
    it("creates runs in the client and gets their results from the worker's execution", async () => {
      const db: TestDatabase = await open();
      cleanups.push(() => db.cleanup());
      const client: Stageflow = await createStageflow({
        database: db.url,
        workflows: WORKFLOWS,
        worker: false,
        // Postgres: NOTIFY wakes the client across processes, so the fallback poll never matters.
        // SQLite wake-ups stay in the writing process: the client finds the results by polling.
        resultPollIntervalMs: dialect === "postgres" ? 3_600_000 : 100,
      });
      cleanups.push(() => client.close());
      expect(client.host).toBeNull();

      const { child: worker, workerId } = await startWorker(db.url);
      const exited = new Promise<string>((resolve) =>
        worker.once("exit", (code, signal) => resolve(String(signal ?? code))),
      );
      cleanups.push(async () => {
        if (worker.exitCode === null) worker.kill("SIGKILL");
        await exited;
      });

      const runs = await Promise.all(
        ["one two", "three four five"].map((text) => client.run(wordCount, { text })),
      );
      const outputs = await Promise.all(runs.map((run) => run.result({ timeoutMs: 120_000 })));
      expect(outputs).toEqual([
        { count: 2, longest: "one" },
        { count: 3, longest: "three" },
      ]);
      const claimedBy = await Promise.all(runs.map(async (run) => (await run.get()).claimedBy));
      // The worker process's own id (on SQLite a stable one per file, on Postgres one per process).
      for (const id of claimedBy) expect(id).toBe(workerId);

      worker.kill("SIGTERM"); // the host drains, then re-raises the signal
      expect(await exited).toBe("SIGTERM");
    }, 180_000);
  },
);
