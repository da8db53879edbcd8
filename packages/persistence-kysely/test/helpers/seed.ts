import type { Persistence } from "@stageflow/kernel";
import { at, newJob, newRun } from "./fixtures";

/** Creates `count` PENDING runs (varied priority and age); returns their ids. */
export async function seedRuns(persistence: Persistence, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, (_, j) =>
        persistence.createRun(newRun({ priority: (i + j) % 7, now: at(i + j) })),
      ),
    );
    ids.push(...batch.map((run) => run.id));
  }
  return ids;
}

/** Enqueues `count` jobs (varied priority and age) on one run; returns their ids. */
export async function seedJobs(persistence: Persistence, count: number): Promise<string[]> {
  const run = await persistence.createRun(newRun());
  const jobs = await persistence.enqueueJobs(
    Array.from({ length: count }, (_, i) =>
      newJob(run.id, { stageId: `s${i}`, priority: i % 5, now: at(-i) }),
    ),
  );
  return jobs.map((job) => job.id);
}

/** Expects every id of `expected` exactly once in `actual`. */
export function exactlyOnce(
  actual: readonly string[],
  expected: readonly string[],
): {
  duplicates: string[];
  missing: string[];
} {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const id of actual) {
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
  }
  return { duplicates, missing: expected.filter((id) => !seen.has(id)) };
}
