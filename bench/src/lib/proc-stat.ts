import { readdirSync, readFileSync } from "node:fs";

/** One process's line of `/proc/<pid>/stat`, times in clock ticks. */
export interface ProcessTimes {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime. */
  self: number;
  /** cutime + cstime (waited-for children). */
  children: number;
}

/** Machine-wide busy and total clock ticks from the first line of `/proc/stat`. */
export interface MachineTimes {
  busy: number;
  total: number;
}

/** Reads `/proc/stat` (busy = user+nice+system+irq+softirq+steal, as in run-all.sh). */
export function readMachineTimes(): MachineTimes {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const at = (i: number) => f[i] ?? 0;
  const busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
  return { busy, total: busy + at(3) + at(4) };
}

/** Parses one `/proc/<pid>/stat`; null when the process is gone. */
export function readProcessTimes(pid: number): ProcessTimes | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  const rest = text
    .slice(close + 2)
    .split(" ")
    .map(Number); // rest[0] = state (NaN), rest[1] = ppid
  const at = (i: number) => rest[i] ?? 0;
  return {
    pid,
    ppid: at(1),
    comm: text.slice(open + 1, close),
    self: at(11) + at(12),
    children: at(13) + at(14),
  };
}

/** Every process currently visible in `/proc`. */
export function readAllProcesses(): ProcessTimes[] {
  const out: ProcessTimes[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProcessTimes(Number(name));
    if (p) out.push(p);
  }
  return out;
}
