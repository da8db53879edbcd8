import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

/** Where the lock of `workerId` on the SQLite file `filename` lives. */
export function workerLockPath(filename: string, workerId: string): string {
  const digest = createHash("sha256").update(workerId).digest("hex").slice(0, 16);
  return `${filename}-stageflow-worker-${digest}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function create(path: string): boolean {
  try {
    const fd = openSync(path, "wx");
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function holder(path: string): { pid: number; host: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { pid?: unknown; host?: unknown };
    return typeof parsed.pid === "number" && typeof parsed.host === "string"
      ? { pid: parsed.pid, host: parsed.host }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock file of a worker id beside a SQLite database file: `true` when this process now
 * holds it — it was free, or its holder (same machine) is no longer alive, so the holder was a
 * predecessor that died; `false` when a live process holds it. A lock of an unreadable or foreign
 * machine's file is treated as held (the safe side: leases then expire as usual).
 */
export function acquireSqliteWorkerLock(path: string): boolean {
  if (create(path)) return true;
  const current = holder(path);
  if (current === null || current.host !== hostname()) return false;
  if (current.pid === process.pid || isAlive(current.pid)) return false;
  try {
    unlinkSync(path);
  } catch {
    // Another restarting process removed it first; the exclusive create below decides.
  }
  return create(path);
}

/** Removes the lock file when this process still holds it. */
export function releaseSqliteWorkerLock(path: string): void {
  if (holder(path)?.pid !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
