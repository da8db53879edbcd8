import type { OutboxRecord } from "@stageflow/kernel";
import { toOutboxRecord } from "../codec/outbox-row";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";

const HEAD_FILTER = `e.status = 'PENDING'
    and (e.claimed_until is null or e.claimed_until <= $NOW)
    and (e.next_attempt_at is null or e.next_attempt_at <= $NOW)
    and not exists (
      select 1 from stageflow_outbox_events as p
      where p.workflow_run_id = e.workflow_run_id and p.status = 'PENDING' and p.sequence < e.sequence
    )`;

/**
 * On SQLite the candidates are read with `cross join`, which keeps the heads as the outer loop
 * (each head's run then found through `stageflow_outbox_pending_idx`); with a plain join its
 * planner scanned every PENDING event and looked each up among the heads, about twice the time
 * with 27,000 pending events.
 */
function claimSql(dialect: "postgres" | "sqlite"): string {
  const pg = dialect === "postgres";
  const now = pg ? "$2" : "?";
  const limit = pg ? "$3" : "?";
  const heads = `select e.id, e.workflow_run_id, e.sequence, e.created_at
  from stageflow_outbox_events as e
  where ${HEAD_FILTER.replaceAll("$NOW", () => now)}
  order by e.created_at, e.id
  limit ${limit}${pg ? "\n  for update of e skip locked" : ""}`;
  const candidates = `select e.id, e.sequence, h.created_at as head_created_at, h.id as head_id,
    count(*) filter (where e.claimed_until > ${now} or e.next_attempt_at > ${now})
      over (partition by e.workflow_run_id order by e.sequence) as blocked
  from heads as h
  ${pg ? "join" : "cross join"} stageflow_outbox_events as e
    on e.workflow_run_id = h.workflow_run_id and e.status = 'PENDING'
    and e.sequence >= h.sequence and e.sequence < h.sequence + ${limit}`;
  const chosen = `select id from candidates where blocked = 0
  order by head_created_at, head_id, sequence
  limit ${limit}`;
  const cte = `with heads as (\n  ${heads}\n),\ncandidates as (\n  ${candidates}\n),\nchosen as (\n  ${chosen}\n)`;
  return pg
    ? `${cte}\nupdate stageflow_outbox_events as o\nset claimed_by = $1, claimed_until = $4\nfrom chosen\nwhere o.id = chosen.id\nreturning o.*`
    : `${cte}\nupdate stageflow_outbox_events\nset claimed_by = ?, claimed_until = ?\nwhere id in (select id from chosen)\nreturning *`;
}

/**
 * Claims publishable outbox events in one statement, honouring the per-run prefix rule: a run's
 * head is its lowest PENDING event, and only an unclaimed (or expired) head whose retry is due
 * makes the run eligible; from it, PENDING events are taken in sequence order until one is still
 * claimed or waits for its retry. Runs
 * are served by the age of their head. On Postgres the heads are locked `FOR UPDATE SKIP LOCKED`
 * and re-checked against their latest version, so two flushers never claim from the same run at
 * once: every claim of a run starts at (and locks) its head.
 */
export const CLAIM_OUTBOX_EVENTS_SQL = {
  /** Parameters: worker id, now, limit, claimed until. */
  postgres: claimSql("postgres"),
  /** Parameters: now, now, limit, now, now, limit, limit, worker id, claimed until. */
  sqlite: claimSql("sqlite"),
} as const;

/** Runs {@link CLAIM_OUTBOX_EVENTS_SQL}; returns the claimed events grouped by run, in sequence order. */
export async function claimOutboxEvents(
  scope: Scope,
  options: { workerId: string; limit: number; now: Date; leaseMs: number },
): Promise<OutboxRecord[]> {
  if (options.limit <= 0) return [];
  const { dialect, codec } = scope.context;
  const now = codec.timestamp(options.now);
  const until = codec.timestamp(new Date(options.now.getTime() + options.leaseMs));
  const { limit, workerId } = options;
  const { rows } =
    dialect === "postgres"
      ? await runSql<Record<string, unknown>>(scope, CLAIM_OUTBOX_EVENTS_SQL.postgres, [
          workerId,
          now,
          limit,
          until,
        ])
      : await runSql<Record<string, unknown>>(scope, CLAIM_OUTBOX_EVENTS_SQL.sqlite, [
          now,
          now,
          limit,
          now,
          now,
          limit,
          limit,
          workerId,
          until,
        ]);
  return orderByHead(rows.map((row) => toOutboxRecord(row, codec)));
}

/** Groups events by run, runs ordered by their first event's age (then id), sequences ascending. */
function orderByHead(events: OutboxRecord[]): OutboxRecord[] {
  const byRun = new Map<string, OutboxRecord[]>();
  for (const event of events) {
    const list = byRun.get(event.workflowRunId);
    if (list) list.push(event);
    else byRun.set(event.workflowRunId, [event]);
  }
  const groups = [...byRun.values()].map((list) => list.sort((a, b) => a.sequence - b.sequence));
  groups.sort((a, b) => {
    const [x, y] = [a[0] as OutboxRecord, b[0] as OutboxRecord];
    return (
      x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
    );
  });
  return groups.flat();
}
