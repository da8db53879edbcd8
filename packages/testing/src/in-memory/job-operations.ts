import { type JobRecord, type NewJob, newJobRecord } from "@stageflow/kernel";
import type { TransactionScope } from "./in-memory-store";
import { byDate, copyOut, toRequiredDate, toStoredJson } from "./stored-value";

/**
 * `Persistence.enqueueJobs`: PENDING jobs (or RUNNING ones leased to `leasedTo`), visible to other
 * transactions once this one commits; only PENDING ones wake listeners.
 */
export function enqueueJobs(scope: TransactionScope, jobs: NewJob[]): JobRecord[] {
  const records = jobs.map((job): JobRecord => {
    const now = toRequiredDate(job.now, "job.now");
    const availableAt = job.availableAt ? toRequiredDate(job.availableAt, "job.availableAt") : now;
    const payload = toStoredJson(job.payload ?? {}, "job.payload");
    return newJobRecord(crypto.randomUUID(), { ...job, now, availableAt }, payload);
  });
  for (const record of records) scope.state.jobs.set(record.id, record);
  if (records.some((job) => job.status === "PENDING")) scope.jobsBecameAvailable = true;
  return copyOut(records);
}

/** `Persistence.getJob`. */
export function getJob(scope: TransactionScope, id: string): JobRecord | null {
  const job = scope.state.jobs.get(id);
  return job ? copyOut(job) : null;
}

/** `Persistence.getJobsByRun`: oldest first. */
export function getJobsByRun(scope: TransactionScope, workflowRunId: string): JobRecord[] {
  return copyOut(
    [...scope.state.jobs.values()]
      .filter((job) => job.workflowRunId === workflowRunId)
      .sort((a, b) => byDate(a.createdAt, b.createdAt)),
  );
}

/** `Persistence.completeJob`: only a RUNNING job, and only for its lease holder when named. */
export function completeJob(
  scope: TransactionScope,
  id: string,
  now: Date,
  options?: { workerId?: string },
): boolean {
  const job = scope.state.jobs.get(id);
  if (job?.status !== "RUNNING") return false;
  if (options?.workerId !== undefined && job.lockedBy !== options.workerId) return false;
  update(scope, job, { status: "COMPLETED", updatedAt: toRequiredDate(now, "job.updatedAt") });
  return true;
}

/** `Persistence.rescheduleJob`: back to PENDING at `availableAt`, lease cleared. */
export function rescheduleJob(
  scope: TransactionScope,
  id: string,
  change: { attempt: number; availableAt: Date; lastError: string | null },
  now: Date,
): void {
  const job = scope.state.jobs.get(id);
  if (!job) return;
  update(scope, job, {
    ...unlocked,
    status: "PENDING",
    attempt: change.attempt,
    availableAt: toRequiredDate(change.availableAt, "job.availableAt"),
    lastError: change.lastError,
    updatedAt: toRequiredDate(now, "job.updatedAt"),
  });
  scope.jobsBecameAvailable = true;
}

/** `Persistence.failJob`. */
export function failJob(scope: TransactionScope, id: string, error: string, now: Date): void {
  const job = scope.state.jobs.get(id);
  if (!job) return;
  update(scope, job, {
    status: "FAILED",
    lastError: error,
    updatedAt: toRequiredDate(now, "job.updatedAt"),
  });
}

/** `Persistence.cancelJobsByRun`: PENDING and RUNNING jobs become CANCELLED. */
export function cancelJobsByRun(scope: TransactionScope, workflowRunId: string, now: Date): number {
  const at = toRequiredDate(now, "job.updatedAt");
  let cancelled = 0;
  for (const job of scope.state.jobs.values()) {
    if (job.workflowRunId !== workflowRunId) continue;
    if (job.status !== "PENDING" && job.status !== "RUNNING") continue;
    update(scope, job, { status: "CANCELLED", updatedAt: at });
    cancelled += 1;
  }
  return cancelled;
}

/** `Persistence.deleteJobs`. */
export function deleteJobs(
  scope: TransactionScope,
  workflowRunId: string,
  stageIds: readonly string[],
): number {
  const names = new Set(stageIds);
  let deleted = 0;
  for (const [id, job] of scope.state.jobs) {
    if (job.workflowRunId === workflowRunId && names.has(job.stageId)) {
      scope.state.jobs.delete(id);
      deleted += 1;
    }
  }
  return deleted;
}

/** `JobTransport.dequeue`: due PENDING jobs, priority descending, then oldest, then insertion order. */
export function dequeueJobs(
  scope: TransactionScope,
  options: { workerId: string; limit: number; now: Date },
): JobRecord[] {
  const now = toRequiredDate(options.now, "dequeue.now");
  const due = [...scope.state.jobs.values()]
    .filter((job) => job.status === "PENDING" && job.availableAt.getTime() <= now.getTime())
    .sort((a, b) => b.priority - a.priority || byDate(a.createdAt, b.createdAt))
    .slice(0, Math.max(0, options.limit));
  return due.map((job) =>
    copyOut(
      update(scope, job, {
        status: "RUNNING",
        lockedBy: options.workerId,
        lockedAt: now,
        heartbeatAt: now,
        updatedAt: now,
      }),
    ),
  );
}

/** `JobTransport.claim`: leases job `jobId` as `dequeue` would, if it is PENDING and due. */
export function claimJob(
  scope: TransactionScope,
  options: { workerId: string; jobId: string; now: Date },
): JobRecord | null {
  const now = toRequiredDate(options.now, "claim.now");
  const job = scope.state.jobs.get(options.jobId);
  if (job?.status !== "PENDING" || job.availableAt.getTime() > now.getTime()) return null;
  return copyOut(
    update(scope, job, {
      status: "RUNNING",
      lockedBy: options.workerId,
      lockedAt: now,
      heartbeatAt: now,
      updatedAt: now,
    }),
  );
}

/** `JobTransport.heartbeat`: renews and returns the ids `workerId` still holds, in input order. */
export function heartbeatJobs(
  scope: TransactionScope,
  options: { workerId: string; jobIds: readonly string[]; now: Date },
): string[] {
  const now = toRequiredDate(options.now, "heartbeat.now");
  const held: string[] = [];
  for (const id of new Set(options.jobIds)) {
    const job = scope.state.jobs.get(id);
    if (job?.status !== "RUNNING" || job.lockedBy !== options.workerId) continue;
    update(scope, job, { heartbeatAt: now, updatedAt: now });
    held.push(id);
  }
  return held;
}

/** `JobTransport.release`: leased jobs `workerId` still holds go back to PENDING. */
export function releaseJobs(
  scope: TransactionScope,
  options: { workerId: string; jobIds: readonly string[]; now: Date },
): number {
  const now = toRequiredDate(options.now, "release.now");
  let released = 0;
  for (const id of new Set(options.jobIds)) {
    const job = scope.state.jobs.get(id);
    if (job?.status !== "RUNNING" || job.lockedBy !== options.workerId) continue;
    update(scope, job, { ...unlocked, status: "PENDING", updatedAt: now });
    released += 1;
  }
  if (released > 0) scope.jobsBecameAvailable = true;
  return released;
}

/** `JobTransport.releaseStale`: RUNNING jobs whose heartbeat is older than `staleBefore`. */
export function releaseStaleJobs(
  scope: TransactionScope,
  options: { staleBefore: Date; now: Date },
): number {
  const now = toRequiredDate(options.now, "releaseStale.now");
  const limit = toRequiredDate(options.staleBefore, "releaseStale.staleBefore").getTime();
  let released = 0;
  for (const job of scope.state.jobs.values()) {
    const beat = job.heartbeatAt ?? job.lockedAt;
    if (job.status !== "RUNNING" || (beat !== null && beat.getTime() >= limit)) continue;
    update(scope, job, { ...unlocked, status: "PENDING", updatedAt: now });
    released += 1;
  }
  if (released > 0) scope.jobsBecameAvailable = true;
  return released;
}

const unlocked = { lockedBy: null, lockedAt: null, heartbeatAt: null } as const;

function update(scope: TransactionScope, job: JobRecord, change: Partial<JobRecord>): JobRecord {
  const next: JobRecord = { ...job, ...change };
  scope.state.jobs.set(job.id, next);
  return next;
}
