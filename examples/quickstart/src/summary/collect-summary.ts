import type { Persistence, RunStatus } from "@stageflow/kernel";

/** One run of the summary. */
export interface RunSummary {
  readonly documentId: string;
  readonly workflowRunId: string;
  readonly status: RunStatus;
  /** `new`: created by this process; `existing`: found through its idempotency key. */
  readonly origin: "new" | "existing";
  readonly stages: number;
  readonly completedStages: number;
  /** From the run's start to its completion (or to now, while running). */
  readonly durationMs: number;
  readonly tokens: number;
  /** USD. */
  readonly cost: number;
  readonly output: unknown;
}

/** One stage of the workflow, over every run. */
export interface StageSummary {
  readonly stageId: string;
  readonly name: string;
  readonly completed: number;
  readonly totalMs: number;
  readonly tokens: number;
  readonly cost: number;
}

/** What the demo ends with; the smoke test checks it. */
export interface QuickstartSummary {
  readonly provider: string;
  readonly database: string;
  readonly runs: readonly RunSummary[];
  readonly stages: readonly StageSummary[];
  readonly totals: {
    readonly runs: number;
    readonly completed: number;
    readonly failed: number;
    readonly created: number;
    readonly existing: number;
    readonly stages: number;
    readonly tokens: number;
    readonly cost: number;
    /** Wall-clock time of this process's work. */
    readonly wallMs: number;
  };
}

/** The runs this process created or found, read back from the database. */
export interface TrackedRun {
  readonly documentId: string;
  readonly workflowRunId: string;
  readonly origin: "new" | "existing";
}

/** Reads the runs and their stages and adds them up. */
export async function collectSummary(options: {
  readonly persistence: Pick<Persistence, "getRun" | "getStagesByRun">;
  readonly runs: readonly TrackedRun[];
  readonly stageOrder: readonly { id: string; name: string }[];
  readonly provider: string;
  readonly database: string;
  readonly wallMs: number;
  readonly now?: Date;
}): Promise<QuickstartSummary> {
  const now = options.now ?? new Date();
  const stageTotals = new Map(
    options.stageOrder.map((s) => [
      s.id,
      { stageId: s.id, name: s.name, completed: 0, totalMs: 0, tokens: 0, cost: 0 },
    ]),
  );
  const runs: RunSummary[] = [];
  for (const tracked of options.runs) {
    const run = await options.persistence.getRun(tracked.workflowRunId);
    if (run === null) throw new Error(`Run ${tracked.workflowRunId} vanished`);
    const stages = await options.persistence.getStagesByRun(run.id);
    for (const stage of stages) {
      const total = stageTotals.get(stage.stageId);
      if (total === undefined) continue;
      if (stage.status === "COMPLETED") total.completed += 1;
      total.totalMs += stage.durationMs ?? 0;
      total.tokens += stage.inputTokens + stage.outputTokens;
      total.cost += stage.cost;
    }
    const start = run.startedAt ?? run.createdAt;
    const end = run.completedAt ?? now;
    runs.push({
      documentId: tracked.documentId,
      workflowRunId: run.id,
      status: run.status,
      origin: tracked.origin,
      stages: stages.length,
      completedStages: stages.filter((s) => s.status === "COMPLETED").length,
      durationMs: Math.max(0, end.getTime() - start.getTime()),
      tokens: run.totalTokens,
      cost: run.totalCost,
      output: run.output,
    });
  }
  const sum = (pick: (run: RunSummary) => number) => runs.reduce((t, r) => t + pick(r), 0);
  return {
    provider: options.provider,
    database: options.database,
    runs,
    stages: [...stageTotals.values()],
    totals: {
      runs: runs.length,
      completed: runs.filter((r) => r.status === "COMPLETED").length,
      failed: runs.filter((r) => r.status === "FAILED" || r.status === "CANCELLED").length,
      created: runs.filter((r) => r.origin === "new").length,
      existing: runs.filter((r) => r.origin === "existing").length,
      stages: sum((r) => r.completedStages),
      tokens: sum((r) => r.tokens),
      cost: sum((r) => r.cost),
      wallMs: options.wallMs,
    },
  };
}
