import { goal, metric, num, table } from "../format";
import type { ResultsFile } from "../results";

const q = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? a / b : undefined;

/** The goals of issues 4 and 5, with the measured ratio or value and whether each is met. */
export function goalsSection(r: ResultsFile): string {
  const rows: string[][] = [];
  const batchOffered = r.cases.some((c) => c.id.startsWith("sf.pg.batched"));
  for (const p of [1, 2]) {
    const gwDefault = metric(r, `gw.default.throughput.p${p}`, "jps");
    const modes = (["perjob", "localq"] as const).map((m) => ({
      m,
      v: metric(r, `sf.pg.${m}.throughput.p${p}`, "jps"),
    }));
    const best = modes.reduce((a, b) => ((b.v ?? -1) > (a.v ?? -1) ? b : a));
    const perJob = q(best.v, gwDefault);
    rows.push([
      `#4 commit per job ≥ 1.0× gw default, ${p} proc (best mode: ${best.m})`,
      num(perJob, 2),
      goal(perJob, 1, true),
    ]);
    const batched = q(
      metric(r, `sf.pg.batched.throughput.p${p}`, "jps"),
      metric(r, `gw.tuned.throughput.p${p}`, "jps"),
    );
    rows.push([
      `#4 batched mode ≥ 0.7× gw tuned, ${p} proc`,
      batchOffered
        ? num(batched, 2)
        : `— (commit-per-job best: ${num(q(best.v, metric(r, `gw.tuned.throughput.p${p}`, "jps")), 2)})`,
      batchOffered ? goal(batched, 0.7, true) : "NOT met: no batched mode in the package",
    ]);
  }
  const enq = q(
    metric(r, "sf.pg.enqueue", "runCreate_jps"),
    metric(r, "gw.enqueue", "oneByOne_jps"),
  );
  rows.push(["#4 one-by-one enqueue (`run.create`) ≥ 0.8× gw", num(enq, 2), goal(enq, 0.8, true)]);
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
    `${num(e2ePg, 2)} ms`,
    goal(e2ePg, 30, false),
  ]);
  rows.push([
    "#5 3-stage end to end p50 < 10 ms (SQLite)",
    `${num(e2eLite, 2)} ms`,
    goal(e2eLite, 10, false),
  ]);
  rows.push(...issue16Goals(r));
  return ["### Goals (issues 4, 5 and 16)", "", table(["goal", "measured", "status"], rows)].join(
    "\n",
  );
}

/** Issue 16: stage throughput through node hosts, and the one-stage backlog. */
function issue16Goals(r: ResultsFile): string[][] {
  const rows: string[][] = [];
  for (const conc of [4, 16]) {
    for (const p of [1, 2]) {
      const x = q(
        metric(r, `sf.pg.matrix.c${conc}.p${p}`, "jps"),
        metric(r, `gw.default.matrix.c${conc}.p${p}`, "jps"),
      );
      rows.push([
        `#16 Postgres stage jobs/s ≥ 0.5× gw default, concurrency ${conc}, ${p} proc`,
        num(x, 2),
        goal(x, 0.5, true),
      ]);
    }
  }
  const backlog = q(metric(r, "sf.pg.backlog", "jps"), metric(r, "gw.default.backlog", "jps"));
  rows.push([
    "#16 Postgres one-stage backlog → `workflow:completed` ≥ 0.5× gw default",
    num(backlog, 2),
    goal(backlog, 0.5, true),
  ]);
  for (const d of ["pg", "sqlite"] as const) {
    const x = q(metric(r, `sf.${d}.seeded.c4.p1`, "jps"), metric(r, `sf.${d}.matrix.c4.p1`, "jps"));
    const seeded = r.cases.find((c) => c.id === `sf.${d}.seeded.c4.p1`)?.params.seeded;
    rows.push([
      `#16 ${d === "pg" ? "Postgres" : "SQLite"} with ${num(Number(seeded ?? Number.NaN))} finished runs ≥ 0.8× empty tables (concurrency 4)`,
      num(x, 2),
      goal(x, 0.8, true),
    ]);
  }
  const growth = metric(r, "sf.sqlite.rss", "growth_pct");
  const rss = r.cases.find((c) => c.id === "sf.sqlite.rss")?.params;
  rows.push([
    `#16 RSS after ${num(Number(rss?.total ?? Number.NaN))} runs within 20 % of after ${num(Number(rss?.first ?? Number.NaN))} (SQLite host)`,
    growth === undefined ? "—" : `${num(growth, 1)} %`,
    goal(growth, 20, false),
  ]);
  for (const conc of [1, 4, 16]) {
    const x = q(
      metric(r, `sf.sqlite.matrix.c${conc}.p1`, "jps"),
      metric(r, `gw.default.matrix.c${conc}.p1`, "jps"),
    );
    rows.push([
      `#16 SQLite stage jobs/s ≥ 2× gw default, concurrency ${conc}`,
      num(x, 2),
      goal(x, 2, true),
    ]);
  }
  return rows;
}
