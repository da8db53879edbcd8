import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Output } from "../src/progress/progress-renderer";
import { type QuickstartOptions, runQuickstart } from "../src/run-quickstart";

const documentsDir = join(import.meta.dirname, "..", "documents");
const DOCUMENTS = [
  "glass-observatory",
  "lighthouse-keeper",
  "night-train",
  "orchard-notebook",
  "river-mill",
];

function collect(): Output & { text: string } {
  const out = { text: "", isTTY: false, write: (chunk: string) => (out.text += chunk) };
  return out;
}

describe("the quickstart demo", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "stageflow-quickstart-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const options = (out: Output, extra: Partial<QuickstartOptions> = {}): QuickstartOptions => ({
    dataDir,
    documentsDir,
    env: { STAGEFLOW_DEMO_PROVIDER: "offline" },
    out,
    progress: "lines",
    offlineBatchDelayMs: 300,
    timeoutMs: 60_000,
    ...extra,
  });

  it("runs every document through all five stages and ends with the summary", async () => {
    const out = collect();
    const summary = await runQuickstart(options(out));

    expect(summary.runs.map((r) => r.documentId)).toEqual(DOCUMENTS);
    expect(summary.totals).toMatchObject({
      runs: 5,
      completed: 5,
      failed: 0,
      created: 5,
      existing: 0,
      stages: 25,
    });
    expect(summary.stages.map((s) => [s.stageId, s.completed])).toEqual([
      ["extract", 5],
      ["summarize", 5],
      ["keywords", 5],
      ["embed", 5],
      ["merge", 5],
    ]);
    // Tokens of the summarize, keywords and embed calls rolled up into the runs.
    expect(summary.totals.tokens).toBeGreaterThan(0);
    expect(summary.totals.tokens).toBe(summary.stages.reduce((t, s) => t + s.tokens, 0));
    for (const run of summary.runs) {
      expect(run.output).toMatchObject({
        documentId: run.documentId,
        embedding: { model: "offline-embed", dimensions: 256 },
      });
      const output = run.output as { summary: string; keywords: string[] };
      expect(output.summary.length).toBeGreaterThan(0);
      expect(output.keywords.length).toBeGreaterThan(0);
    }

    // Progress lines, including the suspension on the batch, then both tables.
    expect(out.text).toContain("suspended: waiting on the provider's batch");
    expect(out.text).toMatch(/river-mill\s+merge\s+completed/);
    expect(out.text).toMatch(/Runs\n\s+document\s+run\s+status/);
    expect(out.text).toMatch(/Stages\n\s+stage\s+completed/);
    expect(out.text).toContain("5 runs created.");
    expect(out.text).toContain("Open these runs in the dashboard: pnpm demo --dashboard");
  });

  it("with the dashboard option, serves the dashboard on the demo's runs after the summary", async () => {
    const out = collect();
    let listed: { status: string; workflowId: string }[] = [];
    let meta: { title: string; workflows: { id: string; stages: { id: string }[] }[] } | undefined;
    const summary = await runQuickstart(
      options(out, {
        dashboard: {
          port: 0,
          async served(url) {
            meta = (await (await fetch(`${url}api/meta`)).json()) as typeof meta;
            const page = (await (await fetch(`${url}api/runs`)).json()) as { runs: typeof listed };
            listed = page.runs;
          },
        },
      }),
    );
    expect(summary.totals.completed).toBe(5);
    expect(out.text).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C stops it\)/);
    expect(out.text).not.toContain("pnpm demo --dashboard");
    expect(listed).toHaveLength(5);
    expect(new Set(listed.map((run) => run.status))).toEqual(new Set(["COMPLETED"]));
    expect(meta?.title).toBe("Stageflow quickstart");
    expect(meta?.workflows[0]?.stages.map((s) => s.id)).toEqual([
      "extract",
      "summarize",
      "keywords",
      "embed",
      "merge",
    ]);
  });

  it("a second start reports the existing runs instead of duplicating them", async () => {
    const first = await runQuickstart(options(collect()));
    const out = collect();
    const second = await runQuickstart(options(out));

    expect(second.runs.map((r) => r.workflowRunId)).toEqual(first.runs.map((r) => r.workflowRunId));
    expect(second.totals).toMatchObject({ runs: 5, completed: 5, created: 0, existing: 5 });
    expect(out.text).toContain("nothing was duplicated");
  });

  it("a start interrupted while the batch is pending is resumed by the next start", async () => {
    // The first start gives up while every embed stage is suspended on its (slow) batch.
    await expect(
      runQuickstart(options(collect(), { offlineBatchDelayMs: 60_000, timeoutMs: 1_500 })),
    ).rejects.toThrow(/still running/);

    const out = collect();
    const resumed = await runQuickstart(options(out, { offlineBatchDelayMs: 0 }));
    expect(resumed.totals).toMatchObject({ runs: 5, completed: 5, created: 0, existing: 5 });
    expect(resumed.stages.find((s) => s.stageId === "embed")?.completed).toBe(5);
    // The restarted demo names the runs it resumed.
    expect(out.text).toMatch(/Resuming 5 unfinished run\(s\) of the last start: /);
    for (const run of resumed.runs) expect(out.text).toContain(`(run ${run.workflowRunId})`);
  });
});
