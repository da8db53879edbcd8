import type { Pool } from "pg";
import { sleep } from "./clock";
import { readAllProcesses, readMachineTimes, readProcessTimes } from "./proc-stat";

/** CPU context of one measurement, as run-all.sh records it. */
export interface LoadReport {
  /** % idle CPU just before the test (the harness waits, bounded, for >= 90 %). */
  idleBefore: number;
  /**
   * % of machine CPU used during the test by processes other than this harness, its children and
   * the Postgres backends of the bench databases (backends of other databases count as foreign).
   */
  foreignCpuPct: number;
  /** Most sessions seen at once on databases other than the bench ones (other engineers' tests). */
  foreignPgSessionsMax: number;
}

/** Ticks of this process tree + all postgres processes (+ postmaster's reaped children). */
function ownTicks(): number {
  const all = readAllProcesses();
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const isMine = (pid: number): boolean => {
    for (let p = byPid.get(pid), hops = 0; p && hops < 64; p = byPid.get(p.ppid), hops++) {
      if (p.pid === process.pid) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const p of all) {
    if (p.comm === "postgres") {
      ticks += p.self;
      if (byPid.get(p.ppid)?.comm !== "postgres") ticks += p.children; // postmaster
    } else if (isMine(p.pid)) ticks += p.self + p.children;
  }
  return ticks;
}

/** Waits (at most `maxWaitMs`) until the CPU is >= 90 % idle over a `sampleMs` window. */
export async function waitForIdle(sampleMs: number, maxWaitMs: number): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const a = readMachineTimes();
    await sleep(sampleMs);
    const b = readMachineTimes();
    const idle = Math.round(100 - (100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total));
    if (idle >= 90 || Date.now() >= deadline) return idle;
    await sleep(1000);
  }
}

/**
 * Measures foreign CPU during a test. Backends of databases other than `ownDatabases` are sampled
 * from `pg_stat_activity` every 500 ms and their CPU is moved from "ours" to "foreign".
 */
export class LoadMonitor {
  private readonly foreign = new Map<number, { base: number; last: number }>();
  private sessionsMax = 0;
  private sampling: Promise<void> | null = null;
  private stopped = false;
  private start = { busy: 0, total: 0, own: 0 };

  constructor(
    private readonly admin: Pool,
    private readonly ownDatabases: readonly string[],
  ) {}

  /** Takes the starting snapshot and starts sampling Postgres sessions. */
  async begin(): Promise<void> {
    await this.sample(true);
    const m = readMachineTimes();
    this.start = { busy: m.busy, total: m.total, own: ownTicks() };
    this.sampling = (async () => {
      while (!this.stopped) {
        await sleep(500);
        await this.sample(false).catch(() => {});
      }
    })();
  }

  /** Stops sampling and computes the report. */
  async end(idleBefore: number): Promise<LoadReport> {
    const m = readMachineTimes();
    const own = ownTicks();
    this.stopped = true;
    await this.sampling;
    await this.sample(false).catch(() => {});
    let foreignPg = 0;
    for (const f of this.foreign.values()) foreignPg += f.last - f.base;
    const busy = m.busy - this.start.busy;
    const total = Math.max(1, m.total - this.start.total);
    const ours = own - this.start.own - foreignPg;
    return {
      idleBefore,
      foreignCpuPct: Math.max(0, Math.round((100 * (busy - ours)) / total)),
      foreignPgSessionsMax: this.sessionsMax,
    };
  }

  private async sample(initial: boolean): Promise<void> {
    const { rows } = await this.admin.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname is not null and not (datname = any($1)) and pid <> pg_backend_pid()",
      [[...this.ownDatabases, "postgres"]],
    );
    this.sessionsMax = Math.max(this.sessionsMax, rows.length);
    for (const { pid } of rows) {
      const t = readProcessTimes(pid)?.self;
      if (t === undefined) continue;
      const seen = this.foreign.get(pid);
      if (seen) seen.last = t;
      else this.foreign.set(pid, { base: initial ? t : 0, last: t });
    }
  }
}
