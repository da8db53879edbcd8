/**
 * Without a `telemetry` option nothing of OpenTelemetry is loaded: a child process runs a whole
 * workflow (stages, an AI call, a batch suspension) with module resolve hooks that log every
 * `@opentelemetry/*` module, and its `require.cache` is checked too. The same child with
 * `otelTelemetry()` is the control that the tripwire does see OpenTelemetry.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeOpenAIServer,
  startFakeOpenAIServer,
} from "../../../packages/ai-openai/test/fake-openai-server";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("./run-one-workflow.mjs", import.meta.url));
const TRIPWIRE = fileURLToPath(new URL("./module-tripwire.mjs", import.meta.url));

let server: FakeOpenAIServer;
let dir: string;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
  dir = await mkdtemp(join(tmpdir(), "stageflow-tripwire-"));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function runChild(withOtel: boolean) {
  const log = join(dir, withOtel ? "with.log" : "without.log");
  const { stdout } = await run(process.execPath, ["--import", TRIPWIRE, SCRIPT], {
    env: {
      ...process.env,
      STAGEFLOW_TRIPWIRE_LOG: log,
      STAGEFLOW_WITH_OTEL: withOtel ? "1" : "0",
      STAGEFLOW_OPENAI_URL: server.url,
      STAGEFLOW_OPENAI_KEY: "sk-tripwire-test-key-0000",
    },
  });
  const loaded = await readFile(log, "utf8").catch(() => "");
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
    status: string;
    traceparent: string | null;
    cjs: string[];
  };
  return { ...result, loaded: loaded.split("\n").filter((line) => line !== "") };
}

describe("no telemetry option", () => {
  it("runs a workflow without loading any OpenTelemetry module or storing a trace context", async () => {
    const result = await runChild(false);
    expect(result).toEqual({ status: "COMPLETED", traceparent: null, cjs: [], loaded: [] });
  });

  it("control: with otelTelemetry() the tripwire sees @opentelemetry/api load", async () => {
    const result = await runChild(true);
    expect(result.status).toBe("COMPLETED");
    expect(result.loaded.some((url) => url.includes("/@opentelemetry/api/"))).toBe(true);
  });
});
