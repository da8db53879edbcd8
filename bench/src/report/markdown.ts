import { goal, loaded, metric, num, ratio, table } from "./format";
import type { ResultsFile } from "./results";

function emulated(r: ResultsFile): string {
  return r.cases.some((c) => c.variant.includes("emulated")) ? " (emulated: no batch API)" : "";
}

function throughputSection(r: ResultsFile): string {
  const procs = [1, 2];
  const n = r.cases.find((c) => c.test === "throughput")?.params.n;
  const cell = (id: string, vs?: string) => {
    const v = metric(r, id, "jps");
    const warn = loaded(r, id) ? " ⚠" : "";
    const capped = metric(r, id, "capped") ? " (capped)" : "";
    return vs
      ? `${num(v)}${capped}${warn} (${ratio(v, metric(r, vs, "jps"))})`
      : `${num(v)}${capped}${warn}`;
  };
  const row = (label: string, prefix: string, vs?: string) => [
    label,
    ...procs.map((p) => cell(`${prefix}.p${p}`, vs ? `${vs}.p${p}` : undefined)),
  ];
  const pgbN = r.cases.find((c) => c.id.startsWith("pgboss.batch10.throughput"))?.params.n;
  return [
    `### Dequeue + complete throughput, jobs/s (N = ${num(Number(n))}, concurrency 10; commit → drained)`,
    "",
    table(
      ["", "1 process", "2 processes"],
      [
        row("graphile-worker 0.17 default", "gw.default.throughput"),
        row("graphile-worker tuned (local queue, batched completion)", "gw.tuned.throughput"),
        row(`pg-boss 10, batch 10 (N = ${num(Number(pgbN))})`, "pgboss.batch10.throughput"),
        row(
          "Stageflow Postgres, durable commit per job (× gw default)",
          "sf.pg.perjob.throughput",
          "gw.default.throughput",
        ),
        row(
          `Stageflow Postgres, batched completion${emulated(r)} (× gw tuned)`,
          "sf.pg.batched.throughput",
          "gw.tuned.throughput",
        ),
        row(
          `Stageflow SQLite, batched completion${emulated(r)} (× gw tuned)`,
          "sf.sqlite.batched.throughput",
          "gw.tuned.throughput",
        ),
        row(
          "Stageflow SQLite, commit per job (× gw default)",
          "sf.sqlite.perjob.throughput",
          "gw.default.throughput",
        ),
      ],
    ),
  ].join("\n");
}

function enqueueSection(r: ResultsFile): string {
  const gw1 = metric(r, "gw.enqueue", "oneByOne_jps");
  const gwB = metric(r, "gw.enqueue", "batch1000_jps");
  const row = (label: string, id: string, single: string, vs: boolean) => {
    const a = metric(r, id, single);
    const b = metric(r, id, "batch1000_jps");
    return [
      label,
      vs ? `${num(a)} (${ratio(a, gw1)})` : num(a),
      vs ? `${num(b)} (${ratio(b, gwB)})` : num(b),
    ];
  };
  const c = r.cases.find((x) => x.id === "gw.enqueue");
  return [
    `### Enqueue, jobs/s (one-by-one N = ${num(Number(c?.params.nSingle))}, batches of 1,000 N = ${num(Number(c?.params.nBatch))}; ratio × graphile-worker)`,
    "",
    table(
      ["", "one-by-one", "batches of 1,000"],
      [
        row("graphile-worker `addJob` / `addJobs`", "gw.enqueue", "oneByOne_jps", false),
        row("pg-boss `send` / `insert`", "pgboss.enqueue", "oneByOne_jps", false),
        row(
          "Stageflow Postgres `run.create` (run + outbox row + idempotency key) / —",
          "sf.pg.enqueue",
          "runCreate_jps",
          true,
        ),
        row(
          "Stageflow Postgres `JobTransport.enqueue` (bare jobs)",
          "sf.pg.enqueue",
          "oneByOne_jps",
          true,
        ),
        row("Stageflow SQLite `run.create` / —", "sf.sqlite.enqueue", "runCreate_jps", true),
        row(
          "Stageflow SQLite `JobTransport.enqueue` (bare jobs)",
          "sf.sqlite.enqueue",
          "oneByOne_jps",
          true,
        ),
      ],
    ),
  ].join("\n");
}

function latencySection(r: ResultsFile): string {
  const g50 = metric(r, "gw.latency", "sendToStart_p50");
  const g99 = metric(r, "gw.latency", "sendToStart_p99");
  const row = (label: string, id: string, vs: boolean) => {
    const p50 = metric(r, id, "sendToStart_p50");
    const p99 = metric(r, id, "sendToStart_p99");
    const c50 = metric(r, id, "commitToStart_p50");
    const c99 = metric(r, id, "commitToStart_p99");
    const warn = loaded(r, id) ? " ⚠" : "";
    return [
      label + warn,
      vs ? `${num(p50, 2)} (${ratio(p50, g50)})` : num(p50, 2),
      vs ? `${num(p99, 2)} (${ratio(p99, g99)})` : num(p99, 2),
      `${num(c50, 2)} / ${num(c99, 2)}`,
    ];
  };
  const c = r.cases.find((x) => x.id === "gw.latency");
  return [
    `### Pickup latency, ms (1 job every ${c?.params.interval ?? "?"} ms, ${c?.params.count ?? "?"} jobs; ratio × graphile-worker)`,
    "",
    table(
      ["", "send → start p50", "send → start p99", "commit → start p50 / p99"],
      [
        row("graphile-worker 0.17 (`addJob` → task start)", "gw.latency", false),
        row("pg-boss 10 (`send` → handler start)", "pgboss.latency", false),
        row("Stageflow Postgres (`run.create` → first stage body start)", "sf.pg.latency", true),
        row("Stageflow SQLite (`run.create` → first stage body start)", "sf.sqlite.latency", true),
      ],
    ),
    "",
    "End to end, 3-stage no-op workflow (`run.create` sent → `workflow:completed` delivered to the EventSink), ms:",
    "",
    table(
      ["", "p50", "p99", "goal p50"],
      [
        [
          "Stageflow Postgres",
          num(metric(r, "sf.pg.latency", "e2e_p50"), 2),
          num(metric(r, "sf.pg.latency", "e2e_p99"), 2),
          "< 30",
        ],
        [
          "Stageflow SQLite",
          num(metric(r, "sf.sqlite.latency", "e2e_p50"), 2),
          num(metric(r, "sf.sqlite.latency", "e2e_p99"), 2),
          "< 10",
        ],
      ],
    ),
  ].join("\n");
}

function matrixSection(r: ResultsFile): string {
  const concs = [
    ...new Set(r.cases.filter((c) => c.test === "matrix").map((c) => Number(c.params.conc))),
  ].sort((a, b) => a - b);
  const rows: string[][] = [];
  for (const conc of concs) {
    for (const p of [1, 2]) {
      const gw = metric(r, `gw.default.matrix.c${conc}.p${p}`, "jps");
      const pg = metric(r, `sf.pg.matrix.c${conc}.p${p}`, "jps");
      const lite = p === 1 ? metric(r, `sf.sqlite.matrix.c${conc}.p1`, "jps") : undefined;
      rows.push([
        `concurrency ${conc}, ${p} process${p > 1 ? "es" : ""}`,
        num(gw),
        `${num(pg)} (${ratio(pg, gw)})`,
        p === 1 ? `${num(lite)} (${ratio(lite, gw)})` : "—",
        num(metric(r, `sf.pg.matrix.c${conc}.p${p}`, "runs_ps")),
      ]);
    }
  }
  const n = r.cases.find((c) => c.test === "matrix")?.params.n;
  return [
    `### Stage jobs/s through a node host (${num(Number(n))} stage jobs = ${num(Number(n) / 3)} runs of a 3-stage no-op workflow; graphile-worker: ${num(Number(n))} no-op jobs)`,
    "",
    table(
      [
        "",
        "graphile-worker default",
        "Stageflow Postgres (× gw)",
        "Stageflow SQLite (× gw)",
        "Stageflow Postgres runs/s",
      ],
      rows,
    ),
  ].join("\n");
}

function goalsSection(r: ResultsFile): string {
  const q = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
  const rows: string[][] = [];
  for (const p of [1, 2]) {
    const perJob = q(
      metric(r, `sf.pg.perjob.throughput.p${p}`, "jps"),
      metric(r, `gw.default.throughput.p${p}`, "jps"),
    );
    const batched = q(
      metric(r, `sf.pg.batched.throughput.p${p}`, "jps"),
      metric(r, `gw.tuned.throughput.p${p}`, "jps"),
    );
    rows.push([
      `#4 per-job durable throughput ≥ 1.0× gw default (${p} proc)`,
      num(perJob, 2),
      goal(perJob, 1, true),
    ]);
    rows.push([
      `#4 batched mode ≥ 0.7× gw tuned (${p} proc)`,
      num(batched, 2),
      goal(batched, 0.7, true),
    ]);
  }
  const enq = q(
    metric(r, "sf.pg.enqueue", "runCreate_jps"),
    metric(r, "gw.enqueue", "oneByOne_jps"),
  );
  rows.push(["#4 one-by-one enqueue (run.create) ≥ 0.8× gw", num(enq, 2), goal(enq, 0.8, true)]);
  for (const [d, id] of [
    ["Postgres", "sf.pg.latency"],
    ["SQLite", "sf.sqlite.latency"],
  ] as const) {
    const p50 = q(metric(r, id, "sendToStart_p50"), metric(r, "gw.latency", "sendToStart_p50"));
    const p99 = q(metric(r, id, "sendToStart_p99"), metric(r, "gw.latency", "sendToStart_p99"));
    rows.push([`#5 pickup p50 ≤ 1.5× gw (${d})`, num(p50, 2), goal(p50, 1.5, false)]);
    rows.push([`#5 pickup p99 ≤ 2× gw (${d})`, num(p99, 2), goal(p99, 2, false)]);
  }
  const e2ePg = metric(r, "sf.pg.latency", "e2e_p50");
  const e2eLite = metric(r, "sf.sqlite.latency", "e2e_p50");
  rows.push([
    "#5 3-stage end to end p50 < 30 ms (Postgres)",
    num(e2ePg, 2),
    goal(e2ePg, 30, false),
  ]);
  rows.push([
    "#5 3-stage end to end p50 < 10 ms (SQLite)",
    num(e2eLite, 2),
    goal(e2eLite, 10, false),
  ]);
  return ["### Goals (issues 4 and 5)", "", table(["goal", "measured", "status"], rows)].join("\n");
}

/** The Markdown report of a results file (printed to stdout). */
export function renderMarkdown(r: ResultsFile): string {
  const m = r.machine;
  const foreign = r.cases
    .filter((c) => c.maxForeignCpuPct > 10)
    .map((c) => `${c.id} (${c.maxForeignCpuPct} %)`);
  const errors = r.cases.flatMap((c) => c.errors.map((e) => `${c.id}: ${e}`));
  return [
    `## Stageflow benchmark — ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, ${r.mode} run`,
    "",
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres} (shared_buffers ${m.pgSharedBuffers}, synchronous_commit ${m.pgSynchronousCommit}, fsync ${m.pgFsync}). Medians of up to ${Math.max(0, ...r.cases.map((c) => c.reps.length))} repetitions; ⚠ = over 10 % foreign CPU during a repetition.`,
    "",
    throughputSection(r),
    "",
    enqueueSection(r),
    "",
    latencySection(r),
    "",
    matrixSection(r),
    "",
    goalsSection(r),
    ...(foreign.length
      ? ["", `Foreign CPU load > 10 %: ${foreign.join(", ")}. Re-run on an idle machine.`]
      : []),
    ...(r.unavailable.length
      ? ["", "Not measured:", ...r.unavailable.map((u) => `- ${u.id}: ${u.reason}`)]
      : []),
    ...(errors.length ? ["", "Errors:", ...errors.map((e) => `- ${e}`)] : []),
  ].join("\n");
}
