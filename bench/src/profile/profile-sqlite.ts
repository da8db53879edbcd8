/**
 * `bench:profile-sqlite [runs] [conc]`: creates `runs` (default 5,000) runs of the 3-stage no-op
 * workflow on a fresh SQLite file, then runs them through one node host in this process at
 * concurrency `conc` (default 16) and prints stage jobs/s. Meant to run under
 * `node --cpu-prof` or `valgrind --tool=callgrind` to see what a stage job costs in JavaScript:
 * with `PROFILE_CALLGRIND=1` under `valgrind --tool=callgrind --instr-atstart=no`, only the drain
 * is counted (the script switches instrumentation on and off with `callgrind_control`).
 * `PROFILE_SQL=1` prints the time and count of each SQL text; `PROFILE_PRAGMA=a=1,b=2` runs
 * those pragmas first (experiments); `PROFILE_WAL=1` prints the WAL frames written (with
 * `PROFILE_PRAGMA=wal_autocheckpoint=0`). The JSON line also gives the host's CPU time per stage
 * job and the events it published during the drain and in all. The file is
 * `BENCH_SQLITE_FILE` (default `/tmp/stageflow-bench/stageflow.db`), deleted first. With
 * `PROFILE_DIALECT=postgres` the same drain runs on the bench's Postgres database instead (its
 * tables dropped first), and the line also gives the CPU time of every `postgres` process per
 * stage job (`postgresCpuUsPerJob`, from `/proc`).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { createNodeHost } from "@stageflow/host-node";
import { sql } from "kysely";
import { nowMs } from "../lib/clock";
import { ensureDatabases } from "../lib/databases";
import { readAllProcesses } from "../lib/proc-stat";
import { drainRuns } from "../stageflow/drain-runs";
import { createRuns } from "../stageflow/host-worker";
import { hostWakeups, openStageflow, resetStageflow } from "../stageflow/stageflow-env";

/** better-sqlite3's constructor, as far as {@link timeStatements} uses it (the bench has no types for it). */
const Database = createRequire(import.meta.url)("better-sqlite3") as new (
  file: string,
) => { prepare(text: string): object; close(): void };

const runs = Number(process.argv[2] ?? 5000);
const conc = Number(process.argv[3] ?? 16);

const sqlTimes = process.env.PROFILE_SQL ? timeStatements() : undefined;

/** Wraps better-sqlite3's statement methods to sum the time and count of each SQL text. */
function timeStatements(): Map<string, { n: number; ms: number }> {
  const times = new Map<string, { n: number; ms: number }>();
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, unknown>;
  probe.close();
  for (const method of ["run", "all", "get"]) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const t = nowMs();
      try {
        return original.apply(this, args);
      } finally {
        const entry = times.get(this.source) ?? { n: 0, ms: 0 };
        entry.n++;
        entry.ms += nowMs() - t;
        times.set(this.source, entry);
      }
    };
  }
  return times;
}

const dialect = process.env.PROFILE_DIALECT === "postgres" ? "postgres" : "sqlite";
if (dialect === "postgres") await ensureDatabases();
await resetStageflow(dialect);
const env = openStageflow(dialect, { poolSize: dialect === "postgres" ? conc + 2 : 1 });
for (const pragma of (process.env.PROFILE_PRAGMA ?? "").split(",").filter(Boolean)) {
  await sql.raw(`PRAGMA ${pragma}`).execute(env.db);
}
const c0 = nowMs();
await createRuns(env, runs);
const createMs = nowMs() - c0;
const host = createNodeHost({
  kernel: env.kernel,
  jobTransport: env.transport,
  workerId: `profile-host-${process.pid}`,
  concurrency: conc,
  handleSignals: false,
  wakeups: hostWakeups(env),
});
const callgrind = (state: "on" | "off") => {
  if (process.env.PROFILE_CALLGRIND) {
    spawnSync("callgrind_control", ["-i", state, String(process.pid)], { stdio: "ignore" });
  }
};
callgrind("on");
const cpu0 = process.cpuUsage();
const pg0 = postgresTicks();
const t0 = nowMs();
await host.start();
const result = await drainRuns(env, runs, t0, 600_000);
const cpu = process.cpuUsage(cpu0);
const pgTicks = postgresTicks() - pg0;
callgrind("off");
const statsAtDrain = host.getStats();
await host.stop();
if (process.env.PROFILE_WAL) {
  // Frames in the WAL since the last checkpoint (run with PROFILE_PRAGMA=wal_autocheckpoint=0).
  const { rows } = await sql.raw("PRAGMA wal_checkpoint(PASSIVE)").execute(env.db);
  console.log("wal_checkpoint", JSON.stringify(rows));
}
await env.close();
const jobs = result.stageJobs;
if (sqlTimes) {
  const rows = [...sqlTimes.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 60);
  for (const [text, { n, ms }] of rows) {
    console.log(
      `${ms.toFixed(0).padStart(7)} ms ${String(n).padStart(7)}× ${((ms * 1000) / n).toFixed(1).padStart(7)} µs  ${text.replace(/\s+/g, " ").slice(0, 160)}`,
    );
  }
}
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  JSON.stringify({
    runs,
    conc,
    createMs: Math.round(createMs),
    drainMs: Math.round(result.ms),
    stageJobs: jobs,
    jobsPerSecond: Math.round((jobs / result.ms) * 1000),
    cpuUsPerJob: Math.round((cpuMs * 1000) / jobs),
    postgresCpuUsPerJob: Math.round((pgTicks * 10_000) / jobs),
    capped: result.capped,
    eventsPublishedAtDrain: statsAtDrain.eventsPublished,
    eventsPublished: host.getStats().eventsPublished,
  }),
);

/** CPU clock ticks (10 ms) of every postgres process now alive. */
function postgresTicks(): number {
  return readAllProcesses()
    .filter((p) => p.comm === "postgres")
    .reduce((sum, p) => sum + p.self, 0);
}
