import {
  type CreateStageInput,
  newStageRecord,
  StageAlreadyExistsError,
  type StageRecord,
} from "@stageflow/kernel";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { columnsOf } from "./columns-of";

const COLUMNS =
  "id, workflow_run_id, stage_id, stage_name, group_index, status, attempt, cost, input_tokens, output_tokens, started_at, created_at, updated_at, version";

/**
 * The insert of the stage rows of relation `input` (columns id, run_id, stage_id, stage_name,
 * group_index, now, started_at): PENDING, or RUNNING from `started_at`. When any of them already
 * exists nothing is inserted, and the statement still succeeds.
 */
export function stageInsertFrom(input: string): string {
  return `insert into stageflow_stages (${COLUMNS})
select id, run_id, stage_id, stage_name, group_index,
  case when started_at is null then 'PENDING' else 'RUNNING' end, 1, 0, 0, 0, started_at, now, now, 1
from ${input}
where not exists (
  select 1 from stageflow_stages as s join ${input} as i on s.workflow_run_id = i.run_id and s.stage_id = i.stage_id
)
on conflict (workflow_run_id, stage_id) do nothing`;
}

/** Postgres types of a stage row's columns (id, run id, stage id, name, group, now, started at). */
export const STAGE_ROW_TYPES = [
  "text",
  "text",
  "text",
  "text",
  "int",
  "timestamptz",
  "timestamptz",
];

/** Postgres: the stage rows as one array parameter per column, from `$first` (7 parameters). */
export function pgStageRows(first: number): string {
  const [id, run, stage, name, group, now, started] = STAGE_ROW_TYPES.map(
    (type, i) => `$${first + i}::${type}[]`,
  );
  return `select * from unnest(${id}, ${run}, ${stage}, ${name}, ${group},
    ${now}, ${started}) as t(id, run_id, stage_id, stage_name, group_index, now, started_at)`;
}

/**
 * Inserts stages all or nothing, PENDING or (with a start time) RUNNING: when any of them already
 * exists nothing is inserted (the statement never fails, so an enclosing Postgres transaction
 * stays usable) and the caller throws. Parameters: one array per column (Postgres) or one JSON
 * array of rows (SQLite).
 */
export const CREATE_STAGES_SQL = {
  postgres: `with input as (
  ${pgStageRows(1)}
)
${stageInsertFrom("input")}`,
  sqlite: `with input as (
  select value ->> 0 as id, value ->> 1 as run_id, value ->> 2 as stage_id, value ->> 3 as stage_name,
    value ->> 4 as group_index, value ->> 5 as now, value ->> 6 as started_at
  from json_each(?)
)
${stageInsertFrom("input")}`,
} as const;

/** The records `createStages` stores for `inputs` and their row values; throws on a duplicate in `inputs`. */
export function encodeNewStages(
  scope: Scope,
  inputs: readonly CreateStageInput[],
): { records: StageRecord[]; rows: unknown[][] } {
  const keys = new Set<string>();
  for (const input of inputs) {
    const key = JSON.stringify([input.workflowRunId, input.stageId]);
    if (keys.has(key)) throw new StageAlreadyExistsError(input.workflowRunId, input.stageId);
    keys.add(key);
  }
  const { codec } = scope.context;
  const records = inputs.map((input) => newStageRecord(createId(), input));
  const rows = records.map((r) => [
    r.id,
    r.workflowRunId,
    r.stageId,
    r.stageName,
    r.groupIndex,
    codec.timestamp(r.createdAt),
    r.startedAt === null ? null : codec.timestamp(r.startedAt),
  ]);
  return { records, rows };
}

/** Runs {@link CREATE_STAGES_SQL}; throws `StageAlreadyExistsError` and writes nothing on a duplicate. */
export async function createStages(
  scope: Scope,
  inputs: readonly CreateStageInput[],
): Promise<StageRecord[]> {
  if (inputs.length === 0) return [];
  const { records, rows } = encodeNewStages(scope, inputs);
  await scope.atomic(async (tx) => {
    const result =
      scope.context.dialect === "postgres"
        ? await runSql(tx, CREATE_STAGES_SQL.postgres, columnsOf(rows, 7))
        : await runSql(tx, CREATE_STAGES_SQL.sqlite, [JSON.stringify(rows)]);
    if (Number(result.numAffectedRows ?? 0n) !== records.length) {
      const first = inputs[0] as CreateStageInput;
      throw new StageAlreadyExistsError(first.workflowRunId, first.stageId);
    }
  });
  return records;
}
