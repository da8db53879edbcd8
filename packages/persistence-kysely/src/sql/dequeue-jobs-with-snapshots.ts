import type { CommitSnapshot, DequeuedJob, DequeueOptions } from "@stageflow/kernel";
import { compareJobs, toJobRecord } from "../codec/job-row";
import { toRunRecord } from "../codec/run-row";
import { toStageRecord } from "../codec/stage-row";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { PG_LEASE, PG_PICKED } from "./dequeue-jobs";

/**
 * Postgres only: leases jobs exactly as `DEQUEUE_JOBS_SQL` does, and in the same statement reads
 * each leased job's run and all its stages (as `jsonb`, in the snapshot the statement started
 * in). The run and stages come back only where a speculative start can use them: the run is
 * RUNNING and the job's stage is the only stage of its group, so a wide fan-out is never read
 * once per job. Each leased row looks its run and stages up by key (`lateral`): written as a join
 * condition, the sibling check was planned as a scan of the whole stages table. Parameters:
 * worker id, now, limit.
 */
export const DEQUEUE_JOBS_WITH_SNAPSHOTS_SQL = `with ${PG_PICKED}, leased as (
${PG_LEASE}
)
select l.*, snapshot.run as snapshot_run, snapshot.stages as snapshot_stages
from leased as l
left join lateral (
  select to_jsonb(r) as run,
    (select jsonb_agg(to_jsonb(s) order by s.group_index, s.stage_id)
       from stageflow_stages as s where s.workflow_run_id = r.id) as stages
  from stageflow_runs as r
  where r.id = l.workflow_run_id and r.status = 'RUNNING'
    and not exists (
      select 1 from stageflow_stages as own, stageflow_stages as sibling
      where own.workflow_run_id = r.id and own.stage_id = l.stage_id
        and sibling.workflow_run_id = r.id and sibling.group_index = own.group_index
        and sibling.stage_id <> own.stage_id
    )
) as snapshot on true`;

interface Row extends Record<string, unknown> {
  snapshot_run: Record<string, unknown> | null;
  snapshot_stages: Record<string, unknown>[] | null;
}

/**
 * `JobTransport.dequeueWithSnapshots` on Postgres: runs {@link DEQUEUE_JOBS_WITH_SNAPSHOTS_SQL}
 * and returns the leased jobs in dequeue order, each with its snapshot or `null`.
 */
export async function dequeueJobsWithSnapshots(
  scope: Scope,
  options: DequeueOptions,
): Promise<DequeuedJob[]> {
  if (options.limit <= 0) return [];
  const { codec } = scope.context;
  const { rows } = await runSql<Row>(scope, DEQUEUE_JOBS_WITH_SNAPSHOTS_SQL, [
    options.workerId,
    codec.timestamp(options.now),
    options.limit,
  ]);
  const dequeued = rows.map((row): DequeuedJob => {
    const job = toJobRecord(row, codec);
    const snapshot: CommitSnapshot | null =
      row.snapshot_run === null || row.snapshot_stages === null
        ? null
        : {
            run: toRunRecord(row.snapshot_run, codec),
            job,
            stages: row.snapshot_stages.map((stage) => toStageRecord(stage, codec)),
          };
    return { job, snapshot };
  });
  return dequeued.length > 1 ? dequeued.sort((a, b) => compareJobs(a.job, b.job)) : dequeued;
}
