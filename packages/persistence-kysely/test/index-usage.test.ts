import type { RunPageRequest } from "@stageflow/kernel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabaseContext } from "../src/database/database-context";
import { runPageQuery } from "../src/queries/run-page-query";
import {
  ACQUIRE_IDEMPOTENCY_KEY_SQL,
  IDEMPOTENCY_STATE_SQL,
} from "../src/sql/acquire-idempotency-key";
import { CLAIM_DUE_SUSPENDED_STAGES_SQL } from "../src/sql/claim-due-suspended-stages";
import { CLAIM_JOB_SQL } from "../src/sql/claim-job";
import { CLAIM_OUTBOX_EVENTS_SQL } from "../src/sql/claim-outbox-events";
import { CLAIM_PENDING_RUNS_SQL } from "../src/sql/claim-pending-runs";
import { COMPLETE_JOB_SQL } from "../src/sql/complete-job";
import { deleteIdempotencyKeysOfRuns } from "../src/sql/delete-runs";
import { DEQUEUE_JOBS_SQL } from "../src/sql/dequeue-jobs";
import { HEARTBEAT_JOBS_SQL } from "../src/sql/heartbeat-jobs";
import { RELEASE_STALE_JOBS_SQL } from "../src/sql/release-stale-jobs";
import { createPostgresTestSchema, type PostgresTestSchema } from "./helpers/postgres-test-schema";

const ROWS = 1_000_000;
const HOT = 1_000;
const NOW = new Date("2030-01-01T00:00:00Z");

/**
 * 1,000,000 rows per table, of which a thousand are "hot" (PENDING, SUSPENDED, RUNNING): the
 * shape of a database that has run for a while. Timestamps spread over the year before NOW.
 */
const SEED = [
  `insert into stageflow_runs (id, workflow_id, status, input, config, priority, created_at, completed_at, updated_at, version)
   select 'run-' || g, 'wf-' || (g % 50), case when g % ${ROWS / HOT} = 0 then 'PENDING' else 'COMPLETED' end,
     '{}', '{}', g % 10, $1::timestamptz - (g || ' seconds')::interval,
     case when g % ${ROWS / HOT} <> 0 then $1::timestamptz - (g || ' seconds')::interval end,
     $1::timestamptz - (g || ' seconds')::interval, 1
   from generate_series(1, ${ROWS}) as g`,
  `insert into stageflow_jobs (id, workflow_run_id, workflow_id, stage_id, status, priority, attempt, max_attempts,
     payload, available_at, locked_by, locked_at, heartbeat_at, created_at, updated_at)
   select 'job-' || g, 'run-' || (g / 4), 'wf', 's' || (g % 4),
     case when g % ${ROWS / HOT} = 0 then 'PENDING' when g % ${ROWS / HOT} = 1 then 'RUNNING' else 'COMPLETED' end,
     g % 10, 1, 3, '{}', $1::timestamptz - (g || ' seconds')::interval,
     case when g % ${ROWS / HOT} = 1 then 'w' end, case when g % ${ROWS / HOT} = 1 then $1::timestamptz end,
     case when g % ${ROWS / HOT} = 1 then $1::timestamptz - (g || ' seconds')::interval end,
     $1::timestamptz - (g || ' seconds')::interval, $1::timestamptz
   from generate_series(1, ${ROWS}) as g`,
  `insert into stageflow_stages (id, workflow_run_id, stage_id, stage_name, group_index, status, attempt, next_poll_at,
     created_at, updated_at, version)
   select 'stage-' || g, 'run-' || (g / 4), 's' || (g % 4), 'S', 1,
     case when g % ${ROWS / HOT} = 0 then 'SUSPENDED' else 'COMPLETED' end, 1,
     case when g % ${ROWS / HOT} = 0 then $1::timestamptz - ((g % 7200) || ' seconds')::interval end,
     $1::timestamptz, $1::timestamptz, 1
   from generate_series(1, ${ROWS}) as g`,
  `insert into stageflow_outbox_events (id, workflow_run_id, sequence, type, payload, status, created_at, published_at)
   select 'event-' || g, 'run-' || (g / 10), g % 10 + 1, 'e', '{}',
     case when g > ${ROWS - HOT} then 'PENDING' else 'PUBLISHED' end,
     $1::timestamptz - ((${ROWS} - g) || ' seconds')::interval,
     case when g <= ${ROWS - HOT} then $1::timestamptz end
   from generate_series(1, ${ROWS}) as g`,
  `insert into stageflow_idempotency_keys (key, command_type, status, result, locked_at, created_at, updated_at)
   select 'key-' || g, 'run.create', 'COMPLETED', '{}', $1::timestamptz, $1::timestamptz, $1::timestamptz
   from generate_series(1, ${ROWS}) as g`,
];

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/** A parameter value as a SQL literal (EXECUTE takes no bind parameters). */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `array[${value.map(literal).join(", ")}]`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === "number") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe("index usage with 1,000,000 rows per table (postgres)", () => {
  let schema: PostgresTestSchema;
  beforeAll(async () => {
    schema = await createPostgresTestSchema({ max: 5 });
    // Bulk-load without the secondary indexes, then rebuild them from the migration's own
    // definitions (much faster than maintaining them row by row), then ANALYZE.
    const { rows: indexes } = await schema.pool.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes
       where schemaname = current_schema() and indexname like 'stageflow\\_%\\_idx'`,
    );
    expect(indexes.length).toBeGreaterThan(10);
    for (const index of indexes) await schema.pool.query(`drop index ${index.name}`);
    await Promise.all(SEED.map((statement) => schema.pool.query(statement, [NOW])));
    await Promise.all(indexes.map((index) => schema.pool.query(index.definition)));
    await schema.pool.query("analyze");
  }, 120_000);
  afterAll(async () => {
    await schema?.teardown();
  });

  /** The custom plan (for these values), or the generic plan a prepared statement may switch to. */
  async function planOf(
    text: string,
    parameters: unknown[],
    generic: boolean,
  ): Promise<PlanNode[]> {
    const client = await schema.pool.connect();
    try {
      type Explained = { "QUERY PLAN": [{ Plan: PlanNode }] };
      if (!generic) {
        const { rows } = await client.query<Explained>(`explain (format json) ${text}`, parameters);
        return nodes(rows[0]!["QUERY PLAN"][0].Plan);
      }
      await client.query("set plan_cache_mode = force_generic_plan");
      await client.query(`prepare probe as ${text}`);
      const { rows } = await client.query<Explained>(
        `explain (format json) execute probe(${parameters.map(literal).join(", ")})`,
      );
      return nodes(rows[0]!["QUERY PLAN"][0].Plan);
    } finally {
      await client.query("deallocate all; reset plan_cache_mode").catch(() => undefined);
      client.release();
    }
  }

  const until = new Date(NOW.getTime() + 60_000);
  const cases: [string, string, string, unknown[]][] = [
    ["pending runs claim", "stageflow_runs", CLAIM_PENDING_RUNS_SQL.postgres, ["w", NOW, 10]],
    ["job dequeue", "stageflow_jobs", DEQUEUE_JOBS_SQL.postgres, ["w", NOW, 10]],
    ["job claim by id", "stageflow_jobs", CLAIM_JOB_SQL.postgres, ["w", "job-1000", NOW]],
    ["job completion", "stageflow_jobs", COMPLETE_JOB_SQL.postgres.byWorker, ["job-5", NOW, "w"]],
    [
      "lease heartbeat",
      "stageflow_jobs",
      HEARTBEAT_JOBS_SQL.postgres,
      [["job-1", "job-1001"], "w", NOW],
    ],
    [
      "stale leases",
      "stageflow_jobs",
      RELEASE_STALE_JOBS_SQL.postgres,
      [new Date(NOW.getTime() - 3_600_000), NOW],
    ],
    [
      "due suspended stages",
      "stageflow_stages",
      CLAIM_DUE_SUSPENDED_STAGES_SQL.postgres,
      [NOW, 10, until],
    ],
    [
      "unpublished outbox claim",
      "stageflow_outbox_events",
      CLAIM_OUTBOX_EVENTS_SQL.postgres,
      ["f", NOW, 10, until],
    ],
    [
      "idempotency lookup",
      "stageflow_idempotency_keys",
      IDEMPOTENCY_STATE_SQL.postgres,
      ["key-77", "run.create"],
    ],
  ];

  for (const [name, table, text, parameters] of cases) {
    it.each([
      ["custom", false],
      ["generic", true],
    ] as const)(
      `${name} uses an index on ${table}, never a sequential scan (%s plan)`,
      async (_, generic) => {
        const plan = await planOf(text, parameters, generic);
        const onTable = plan.filter((node) => node["Relation Name"] === table);
        expect(onTable.map((node) => node["Node Type"])).not.toContain("Seq Scan");
        expect(
          onTable.some((node) => /Index/.test(node["Node Type"])),
          `no index scan on ${table}: ${JSON.stringify(plan.map((n) => [n["Node Type"], n["Relation Name"], n["Index Name"]]))}`,
        ).toBe(true);
      },
    );
  }

  // The query API (migration 0004): the newest page is one ordered index range, never a sort.
  const page = (request: Partial<RunPageRequest>): RunPageRequest => ({
    filter: {},
    order: "newest",
    limit: 51,
    ...request,
  });
  const cursor = { createdAt: new Date(NOW.getTime() - 500_000_000), id: "run-500000" };
  // The seeded runs span 11.6 days before NOW: the cutoff keeps about half of them.
  const cutoff = new Date(NOW.getTime() - 5 * 86_400_000);
  const listings: [string, RunPageRequest, string | string[] | null][] = [
    ["no filter", page({}), "stageflow_runs_created_idx"],
    ["a status", page({ filter: { statuses: ["PENDING"] } }), "stageflow_runs_status_created_idx"],
    [
      "a status after a cursor",
      page({ filter: { statuses: ["PENDING"] }, after: cursor }),
      "stageflow_runs_status_created_idx",
    ],
    [
      "a workflow",
      page({ filter: { workflowIds: ["wf-7"] } }),
      "stageflow_runs_workflow_created_idx",
    ],
    [
      "the purge scan (a final status, finished and created before a cutoff, oldest first)",
      page({
        filter: { statuses: ["COMPLETED"], createdBefore: cutoff, finishedBefore: cutoff },
        order: "oldest",
      }),
      // Nearly every seeded run is COMPLETED: either ordered index is a cheap plan.
      ["stageflow_runs_status_created_idx", "stageflow_runs_created_idx"],
    ],
    ["a failed stage", page({ filter: { failedStageId: "s1" } }), null],
  ];
  for (const [name, request, index] of listings) {
    it.each([
      ["custom", false],
      ["generic", true],
    ] as const)(
      `listRuns by ${name} reads one index range in order (%s plan)`,
      async (_, generic) => {
        const compiled = runPageQuery(
          schema.db,
          getDatabaseContext(schema.db, "test"),
          request,
        ).compile();
        const plan = await planOf(compiled.sql, [...compiled.parameters], generic);
        const described = JSON.stringify(
          plan.map((n) => [n["Node Type"], n["Relation Name"], n["Index Name"]]),
        );
        expect(
          plan.filter((node) => node["Node Type"] === "Seq Scan"),
          described,
        ).toEqual([]);
        expect(
          plan.filter((node) => /Sort/.test(node["Node Type"])),
          described,
        ).toEqual([]);
        if (index !== null) {
          const names = typeof index === "string" ? [index] : index;
          expect(
            plan.some((node) => names.includes(node["Index Name"] ?? "")),
            described,
          ).toBe(true);
        }
      },
    );
  }

  it("listRuns by metadata uses the GIN index, never a sequential scan", async () => {
    const request = page({ filter: { metadata: { tenant: "t1" } } });
    const compiled = runPageQuery(
      schema.db,
      getDatabaseContext(schema.db, "test"),
      request,
    ).compile();
    const plan = await planOf(compiled.sql, [...compiled.parameters], false);
    expect(plan.some((node) => node["Index Name"] === "stageflow_runs_metadata_idx")).toBe(true);
    expect(plan.map((node) => node["Node Type"])).not.toContain("Seq Scan");
  });

  it("run.purge finds the idempotency keys of its runs by the run-id expression index", async () => {
    const compiled = deleteIdempotencyKeysOfRuns(schema.db, "postgres", [
      "run-1",
      "run-2",
    ]).compile();
    const plan = await planOf(compiled.sql, [...compiled.parameters], false);
    expect(plan.some((node) => node["Index Name"] === "stageflow_idempotency_run_idx")).toBe(true);
  });

  it("idempotency acquisition arbitrates on the (key, command_type) primary key", async () => {
    const { rows } = await schema.pool.query<{
      "QUERY PLAN": [{ Plan: { "Conflict Arbiter Indexes"?: string[] } }];
    }>(`explain (format json) ${ACQUIRE_IDEMPOTENCY_KEY_SQL.postgres}`, [
      "key-77",
      "run.create",
      NOW,
      NOW,
    ]);
    expect(rows[0]!["QUERY PLAN"][0].Plan["Conflict Arbiter Indexes"]).toEqual([
      "stageflow_idempotency_keys_pkey",
    ]);
  });
});
