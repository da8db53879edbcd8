import { join, relative } from "node:path";
import type { OfflineBatchStore } from "@stageflow/ai";
import {
  isStageflowError,
  openDatabase,
  type RunHandle,
  type RunStatus,
  type Stageflow,
} from "@stageflow/engine";
import type { BlobStore, StageStatus } from "@stageflow/kernel";
import { createKyselyAICallLogger, createKyselyBlobStore } from "@stageflow/persistence-kysely";
import { chooseAI } from "./ai/choose-ai";
import {
  DASHBOARD_HINT,
  type QuickstartDashboardOptions,
  serveQuickstartDashboard,
} from "./dashboard/serve-quickstart-dashboard";
import { documentRunKey, loadDocuments } from "./documents/load-documents";
import { progressPlugin } from "./progress/progress-plugin";
import {
  type Output,
  type ProgressRenderer,
  startBarRenderer,
  startLineRenderer,
} from "./progress/progress-renderer";
import { ProgressTracker, type StageState } from "./progress/progress-tracker";
import { startStageflow } from "./stageflow/start-stageflow";
import { collectSummary, type QuickstartSummary, type TrackedRun } from "./summary/collect-summary";
import { formatSummary } from "./summary/format-summary";
import { createDocumentWorkflow } from "./workflow/document-workflow";

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
  /**
   * Serve the run dashboard on the demo's database after the summary (`pnpm demo --dashboard`),
   * with the worker still running. Without it, the summary ends with the command that does.
   */
  readonly dashboard?: QuickstartDashboardOptions;
}

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
  const db = openDatabase(`sqlite:${filename}`); // creates the folder
  let sf: Stageflow | undefined;
  try {
    const ai = await chooseAI({
      env: options.env,
      offlineBatchStore: offlineBatchStore(createKyselyBlobStore(db)),
      offlineBatchDelayMs: options.offlineBatchDelayMs,
      logger: createKyselyAICallLogger(db),
    });
    const workflow = createDocumentWorkflow(ai);
    const stageOrder = workflow.getStages().map((s) => ({ id: s.id, name: s.name }));
    const tracker = new ProgressTracker(stageOrder);
    sf = await startStageflow({
      db,
      workflows: [workflow],
      plugins: [progressPlugin(tracker)],
      onProgress: (event) => tracker.apply(event),
      // A stable id: a restarted demo takes over its own interrupted jobs at once.
      workerId: "quickstart",
      handleSignals: options.handleSignals ?? false,
      aiProviders: ai.providers,
    });

    const documents = await loadDocuments(options.documentsDir);
    const database = displayPath(filename);
    out.write(
      `Stageflow quickstart: ${documents.length} documents · provider ${ai.label} · ${database}\n` +
        "extract → [summarize ‖ keywords] → embed (batched across runs) → merge\n\n",
    );

    const runs: TrackedRun[] = [];
    const handles: RunHandle[] = [];
    const resumed: string[] = [];
    for (const doc of documents) {
      const handle = await sf.run(
        workflow,
        { documentId: doc.documentId, text: doc.text },
        {
          idempotencyKey: documentRunKey(doc),
          metadata: { file: doc.documentId, sha256: doc.contentHash },
        },
      );
      const run = await handle.get();
      const origin = run.createdAt.getTime() < began ? "existing" : "new";
      runs.push({ documentId: doc.documentId, workflowRunId: handle.id, origin });
      handles.push(handle);
      if (origin === "existing" && (run.status === "RUNNING" || run.status === "PENDING")) {
        resumed.push(`${doc.documentId} (run ${handle.id})`);
      }
      const stages = await sf.persistence.getStagesByRun(handle.id);
      tracker.addRun(
        handle.id,
        doc.documentId,
        Object.fromEntries(stages.map((s) => [s.stageId, STAGE_STATE[s.status]])),
        run.status === "COMPLETED" ? "completed" : run.status === "FAILED" ? "failed" : undefined,
      );
    }
    if (resumed.length > 0) {
      out.write(
        `Resuming ${resumed.length} unfinished run(s) of the last start: ${resumed.join(", ")}\n\n`,
      );
    }

    const mode = options.progress ?? (out.isTTY ? "bars" : "lines");
    const renderer: ProgressRenderer | undefined =
      mode === "bars"
        ? startBarRenderer(tracker, out)
        : mode === "lines"
          ? startLineRenderer(tracker, out)
          : undefined;
    try {
      await waitForRuns(handles, options.timeoutMs);
    } finally {
      // With the dashboard, the worker keeps running so that reruns started from it execute.
      if (options.dashboard === undefined) await sf.host?.stop();
      renderer?.stop();
    }

    const summary = await collectSummary({
      persistence: sf.persistence,
      runs,
      stageOrder,
      provider: ai.label,
      database,
      wallMs: Date.now() - began,
    });
    out.write(`\n${formatSummary(summary)}\n`);
    if (options.dashboard === undefined) out.write(`\n${DASHBOARD_HINT}\n`);
    else await serveQuickstartDashboard(sf, [workflow], out, options.dashboard);
    return summary;
  } finally {
    await sf?.close();
    await db.destroy();
  }
}

/** Waits until every run has ended (completed, failed or cancelled: the summary reports which). */
async function waitForRuns(handles: readonly RunHandle[], timeoutMs?: number): Promise<void> {
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  const ended = new Set<RunStatus>(["COMPLETED", "FAILED", "CANCELLED"]);
  let pending = 0;
  for (const handle of handles) {
    const left = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
    try {
      await handle.result(left === undefined ? {} : { timeoutMs: left });
    } catch (error) {
      if (!isStageflowError(error) || error.code !== "RUN_WAIT_TIMEOUT") continue; // it ended
      if (!ended.has(await handle.status())) pending++;
    }
  }
  if (pending > 0) {
    throw new Error(`${pending} runs still running after ${timeoutMs} ms; start again to resume`);
  }
}

function displayPath(path: string): string {
  const rel = relative(process.env.INIT_CWD ?? process.cwd(), path);
  return rel.length < path.length ? rel : path;
}
