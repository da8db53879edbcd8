import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStageflow } from "@stageflow/engine";
import { createTestSchema, PG_URL } from "@stageflow/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKFLOWS, waiting } from "./fixtures/workflows";
import { CONFIG, collect, startStageflow } from "./helpers/run-stageflow";
import { type SeededRuns, seedDatabase } from "./helpers/seed-database";

const DIALECTS = [
  {
    name: "sqlite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "sf-cli-dashboard-"));
      return {
        url: `sqlite:${join(dir, "app.db")}`,
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    async open() {
      const schema = await createTestSchema("sf_cli_dash");
      const url = new URL(PG_URL);
      url.searchParams.set("options", `-c search_path=${schema.schema}`);
      return { url: url.toString(), cleanup: () => schema.drop() };
    },
  },
];

/** A started `stageflow dashboard` and the URL it printed. */
interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: ReturnType<typeof collect>;
}

/** Starts `stageflow … dashboard ARGS` on a free port and waits for the URL it prints. */
async function startDashboard(
  url: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<Served> {
  const child = startStageflow(
    ["--database", url, "--config", CONFIG, "dashboard", "--port", "0", ...args],
    env,
  );
  const exited = collect(child);
  const printed = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      const match = /^(http:\/\/\S+)\n/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("close", (code) =>
      reject(new Error(`dashboard exited with ${code} before printing its URL`)),
    );
  }).catch(async (error) => {
    const result = await exited;
    throw new Error(`${(error as Error).message}\n${result.stderr}`);
  });
  return { child, url: printed, exited };
}

async function stop(served: Served) {
  served.child.kill("SIGINT");
  return served.exited;
}

describe.each(DIALECTS)("stageflow dashboard on $name", (dialect) => {
  let url = "";
  let cleanup = async () => {};
  let runs: SeededRuns;

  beforeAll(async () => {
    ({ url, cleanup } = await dialect.open());
    runs = await seedDatabase(url);
  });
  afterAll(() => cleanup());

  it("serves the API on 127.0.0.1, streams events of other processes, and stops cleanly on SIGINT", async () => {
    const served = await startDashboard(url);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const meta = (await (await fetch(`${served.url}api/meta`)).json()) as {
        readOnly: boolean;
        workflows: { id: string }[];
      };
      expect(meta.readOnly).toBe(false);
      expect(meta.workflows.map((w) => w.id)).toEqual(["word-count", "ticker", "waiting"]);
      const page = (await (await fetch(`${served.url}api/runs`)).json()) as {
        runs: { id: string }[];
      };
      expect(page.runs.map((run) => run.id)).toEqual([...runs.all].reverse());
      const failed = (await (await fetch(`${served.url}api/runs?status=FAILED`)).json()) as {
        runs: { id: string }[];
      };
      expect(failed.runs.map((run) => run.id)).toEqual([runs.failed]);

      const stream = await fetch(`${served.url}api/stream`);
      const reader = stream.body!.getReader();
      const client = await createStageflow({
        database: url,
        workflows: WORKFLOWS,
        worker: false,
        migrate: false,
      });
      let created: string;
      try {
        created = (await client.run(waiting, { text: "from another process" })).id;
      } finally {
        await client.close();
      }
      let text = "";
      for (let i = 0; i < 200 && !text.includes(created); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain(`"workflowRunId":"${created}","type":"workflow:created"`);
      await reader.cancel();

      const cancel = await fetch(`${served.url}api/runs/${created}/cancel`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(await cancel.json()).toEqual({ cancelled: true });
    } finally {
      const result = await stop(served);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("dashboard stopped");
    }
  });

  it("--read-only refuses writes with 403 and changes nothing (under --base-path)", async () => {
    const served = await startDashboard(url, ["--read-only", "--base-path", "/ops/sf"]);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ops\/sf\/$/);
      const meta = (await (await fetch(`${served.url}api/meta`)).json()) as {
        readOnly: boolean;
        basePath: string;
      };
      expect(meta).toMatchObject({ readOnly: true, basePath: "/ops/sf" });
      const cancel = await fetch(`${served.url}api/runs/${runs.running}/cancel`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(cancel.status).toBe(403);
      expect(((await cancel.json()) as { error: { code: string } }).error.code).toBe("READ_ONLY");
      const run = (await (await fetch(`${served.url}api/runs/${runs.running}`)).json()) as {
        run: { status: string };
      };
      expect(run.run.status).toBe("RUNNING");
    } finally {
      expect((await stop(served)).code).toBe(0);
    }
  });

  it("basic auth (flag or STAGEFLOW_DASHBOARD_PASSWORD) refuses a wrong password with 401", async () => {
    for (const [args, env, user] of [
      [["--basic-auth", "ops:pa:ss"], {}, "ops"],
      [[], { STAGEFLOW_DASHBOARD_PASSWORD: "pa:ss" }, "admin"],
    ] as const) {
      const served = await startDashboard(url, args, env);
      try {
        const auth = (text: string) => ({ authorization: `Basic ${btoa(text)}` });
        const none = await fetch(`${served.url}api/meta`);
        expect(none.status).toBe(401);
        expect(none.headers.get("www-authenticate")).toMatch(/^Basic /);
        const wrong = await fetch(`${served.url}api/meta`, { headers: auth(`${user}:nope`) });
        expect(wrong.status).toBe(401);
        const right = await fetch(`${served.url}api/meta`, { headers: auth(`${user}:pa:ss`) });
        expect(right.status).toBe(200);
      } finally {
        expect((await stop(served)).code).toBe(0);
      }
    }
  });

  it("usage errors exit 2 before opening anything", async () => {
    for (const args of [
      ["--port", "http"],
      ["--port", "70000"],
      ["--basic-auth", "nopassword"],
    ]) {
      const child = startStageflow(["--database", url, "dashboard", ...args]);
      const result = await collect(child);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).not.toBe("");
    }
  });
});
