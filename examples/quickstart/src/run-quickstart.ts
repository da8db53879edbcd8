import { join, relative } from "node:path";
import type { OfflineBatchStore } from "@stageflow/ai";
import type { BlobStore, Persistence, RunStatus, StageStatus } from "@stageflow/kernel";
import { chooseAI } from "./ai/choose-ai";
import { documentRunKey, loadDocuments } from "./documents/load-documents";
import { progressPlugin } from "./progress/progress-plugin";
import {
  type Output,
  type ProgressRenderer,
  startBarRenderer,
  startLineRenderer,
} from "./progress/progress-renderer";
import { ProgressTracker, type StageState } from "./progress/progress-tracker";
import { openSqlite } from "./stageflow/open-sqlite";
import { startStageflow } from "./stageflow/start-stageflow";
import { collectSummary, type QuickstartSummary, type TrackedRun } from "./summary/collect-summary";
import { formatSummary } from "./summary/format-summary";
import { createDocumentWorkflow, DOCUMENT_WORKFLOW_ID } from "./workflow/document-workflow";

/** Options of {@link runQuickstart}. */
export interface QuickstartOptions {
  /** Directory of the SQLite file (`quickstart.sqlite`); created when missing. */
  readonly dataDir: string;
  /** Directory of the `.txt` documents. */
  readonly documentsDir: string;
  /** Provider keys and `STAGEFLOW_DEMO_PROVIDER` (see `chooseAI`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: Output;
  /** Default: `bars` on a terminal, else `lines`. */
  readonly progress?: "bars" | "lines" | "none";
  /** Drain on SIGINT / SIGTERM. Default false. */
  readonly handleSignals?: boolean;
  /** How long an offline batch takes. Default 1500 ms. */
  readonly offlineBatchDelayMs?: number;
  /** Give up waiting after this long (the runs stay in the database). Default: no limit. */
  readonly timeoutMs?: number;
}

const FINAL: ReadonlySet<RunStatus> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

const STAGE_STATE: Record<StageStatus, StageState> = {
  PENDING: "waiting",
  RUNNING: "running",
  SUSPENDED: "suspended",
  COMPLETED: "completed",
  FAILED: "failed",
  CANCELLED: "failed",
};

/** Offline batches kept in the SQLite blob store, so a suspended `embed` survives a restart. */
function offlineBatchStore(blobStore: BlobStore): OfflineBatchStore {
  return { get: (key) => blobStore.get(key), put: (key, value) => blobStore.put(key, value) };
}

/**
 * The demo: one run per document (idempotency key = content hash), executed by a node host in
 * this process on SQLite, with live progress, ending with the summary. A second call finds the
 * runs of the first and resumes or reports them instead of creating new ones.
 */
export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartSummary> {
  const began = Date.now();
  const { out } = options;
  const filename = join(options.dataDir, "quickstart.sqlite");
  const ports = await openSqlite(filename);
  try {
    const ai = await chooseAI({
      env: options.env,
      offlineBatchStore: offlineBatchStore(ports.blobStore),
      offlineBatchDelayMs: options.offlineBatchDelayMs,
      logger: ports.aiCallLogger,
    });
    const workflow = createDocumentWorkflow(ai);
    const stageOrder = workflow.getStages().map((s) => ({ id: s.id, name: s.name }));
    const tracker = new ProgressTracker(stageOrder);
    const { kernel, host } = await startStageflow({
      ports,
      workflows: [workflow],
      plugins: [progressPlugin(tracker)],
      onProgress: (event) => tracker.apply(event),
      // A stable id: a restarted demo takes over its own interrupted jobs at once.
      workerId: "quickstart",
      handleSignals: options.handleSignals ?? false,
    });

    const documents = await loadDocuments(options.documentsDir);
    const database = displayPath(filename);
    out.write(
      `Stageflow quickstart: ${documents.length} documents · provider ${ai.label} · ${database}\n` +
        "extract → [summarize ‖ keywords] → embed (async batch) → merge\n\n",
    );

    const runs: TrackedRun[] = [];
    const resumed: string[] = [];
    for (const doc of documents) {
      const created = await kernel.dispatch({
        type: "run.create",
        workflowId: DOCUMENT_WORKFLOW_ID,
        input: { documentId: doc.documentId, text: doc.text },
        idempotencyKey: documentRunKey(doc),
        metadata: { file: doc.documentId, sha256: doc.contentHash },
      });
      const run = await ports.persistence.getRun(created.workflowRunId);
      const origin = run !== null && run.createdAt.getTime() < began ? "existing" : "new";
      runs.push({ documentId: doc.documentId, workflowRunId: created.workflowRunId, origin });
      if (origin === "existing" && (run?.status === "RUNNING" || run?.status === "PENDING")) {
        resumed.push(`${doc.documentId} (run ${created.workflowRunId})`);
      }
      const stages = await ports.persistence.getStagesByRun(created.workflowRunId);
      tracker.addRun(
        created.workflowRunId,
        doc.documentId,
        Object.fromEntries(stages.map((s) => [s.stageId, STAGE_STATE[s.status]])),
        run?.status === "COMPLETED" ? "completed" : run?.status === "FAILED" ? "failed" : undefined,
      );
    }
    if (resumed.length > 0) {
      out.write(
        `Resuming ${resumed.length} unfinished run(s) of the last start: ${resumed.join(", ")}\n\n`,
      );
    }
    host.wake();

    const mode = options.progress ?? (out.isTTY ? "bars" : "lines");
    const renderer: ProgressRenderer | undefined =
      mode === "bars"
        ? startBarRenderer(tracker, out)
        : mode === "lines"
          ? startLineRenderer(tracker, out)
          : undefined;
    try {
      await waitForRuns(ports.persistence, runs, options.timeoutMs);
    } finally {
      await host.stop();
      renderer?.stop();
    }

    const summary = await collectSummary({
      persistence: ports.persistence,
      runs,
      stageOrder,
      provider: ai.label,
      database,
      wallMs: Date.now() - began,
    });
    out.write(`\n${formatSummary(summary)}\n`);
    return summary;
  } finally {
    await ports.close();
  }
}

async function waitForRuns(
  persistence: Pick<Persistence, "getRun">,
  runs: readonly TrackedRun[],
  timeoutMs = Number.POSITIVE_INFINITY,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(runs.map((r) => r.workflowRunId));
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const run = await persistence.getRun(id);
      if (run !== null && FINAL.has(run.status)) pending.delete(id);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${pending.size} runs still running after ${timeoutMs} ms; start again to resume`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function displayPath(path: string): string {
  const rel = relative(process.env.INIT_CWD ?? process.cwd(), path);
  return rel.length < path.length ? rel : path;
}
