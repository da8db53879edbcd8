import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteDatabase, type TestDatabase } from "./fixtures/databases";

const APP = fileURLToPath(new URL("./fixtures/restart-app.ts", import.meta.url));

function startApp(url: string, marker: string) {
  const child = spawn(process.execPath, ["--import", "tsx", APP], {
    env: { ...process.env, STAGEFLOW_DATABASE_URL: url, MARKER: marker },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exited };
}

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.cleanup();
});

describe("an embedded app on SQLite, killed mid-stage and started again", () => {
  it("resumes its interrupted stage at start, with the default worker id", async () => {
    db = sqliteDatabase();
    const marker = join(db.url.slice("sqlite:".length), "..", "..", "started");
    const first = startApp(db.url, marker);
    for (let i = 0; i < 1_200 && !existsSync(marker); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(existsSync(marker)).toBe(true);
    first.child.kill("SIGKILL");
    expect((await first.exited).code).toBeNull();

    const second = await startApp(db.url, marker).exited;
    expect(second.stderr).not.toContain("Error");
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout.trim().split("\n").pop() ?? "{}");
    expect(result.output).toBe("resumed");
    expect(result.workerId).toMatch(/-sqlite-[0-9a-f]{12}$/);
  }, 90_000);
});
