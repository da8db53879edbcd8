import type { MetadataValue, RunFieldFilter, RunFilter } from "@stageflow/kernel";
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import { prefixUpperBound } from "../codec/prefix-range";
import type { DatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";

type RunsBuilder = ExpressionBuilder<StageflowDatabase, "stageflow_runs">;

/**
 * SQLite: `column`'s JSON has `value` (same JSON type) at `keys`. The path is a bound parameter;
 * keys never contain `"` or `\` (the kernel refuses them), so the quoted path is exact.
 */
function sqliteJsonEquals(
  column: "metadata" | "input" | "output",
  keys: readonly string[],
  value: MetadataValue,
): Expression<SqlBool> {
  const path = `$${keys.map((key) => `."${key}"`).join("")}`;
  const ref = sql.ref(column);
  const type = sql`json_type(${ref}, ${path})`;
  if (typeof value === "boolean") return sql<SqlBool>`${type} = ${value ? "true" : "false"}`;
  const types = typeof value === "number" ? sql`('integer', 'real')` : sql`('text')`;
  return sql<SqlBool>`(${type} in ${types} and json_extract(${ref}, ${path}) = ${value})`;
}

/** `{ a: { b: value } }` for the keys `["a", "b"]`. */
function nestedDocument(keys: readonly string[], value: MetadataValue): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/**
 * The field filter on either dialect. Postgres uses jsonb containment of the nested document
 * (`column @> '{"a":{"b":"acme"}}'`, one bound parameter): it follows object keys only, compares
 * JSON types (`"1"` is not `1`) and uses the GIN index of `metadata`.
 */
function fieldCondition(field: RunFieldFilter, context: DatabaseContext): Expression<SqlBool> {
  if (context.dialect === "postgres") {
    const document = JSON.stringify(nestedDocument(field.path, field.value));
    return sql<SqlBool>`${sql.ref(field.source)} @> ${document}::jsonb`;
  }
  return sqliteJsonEquals(field.source, field.path, field.value);
}

/**
 * The conditions of `filter` on `stageflow_runs`, each one sargable on the indexes of migration
 * 0004 (status / workflow and creation time, the id prefix as a primary-key range, a failed stage
 * through the failed-stages index; metadata by containment on Postgres' GIN index). A field
 * filter on `input` or `output` has no index: it narrows the rows the other conditions select.
 */
export function runFilterConditions(
  eb: RunsBuilder,
  filter: RunFilter,
  context: DatabaseContext,
): Expression<SqlBool>[] {
  const { codec } = context;
  const conditions: Expression<SqlBool>[] = [];
  const statuses = filter.statuses;
  if (statuses !== undefined) {
    conditions.push(
      statuses.length === 1
        ? eb("status", "=", statuses[0] as string)
        : eb("status", "in", [...statuses]),
    );
  }
  const workflows = filter.workflowIds;
  if (workflows !== undefined) {
    conditions.push(
      workflows.length === 1
        ? eb("workflow_id", "=", workflows[0] as string)
        : eb("workflow_id", "in", [...workflows]),
    );
  }
  if (filter.createdAfter)
    conditions.push(eb("created_at", ">=", codec.timestamp(filter.createdAfter)));
  if (filter.createdBefore)
    conditions.push(eb("created_at", "<", codec.timestamp(filter.createdBefore)));
  if (filter.finishedAfter) {
    conditions.push(eb("completed_at", ">=", codec.timestamp(filter.finishedAfter)));
  }
  if (filter.finishedBefore) {
    conditions.push(eb("completed_at", "<", codec.timestamp(filter.finishedBefore)));
  }
  if (filter.idPrefix !== undefined) {
    conditions.push(eb("id", ">=", filter.idPrefix));
    const upper = prefixUpperBound(filter.idPrefix);
    if (upper !== null) conditions.push(eb("id", "<", upper));
  }
  if (filter.failedStageId !== undefined) {
    const stageId = filter.failedStageId;
    // A FAILED stage record fails its run at once, so only FAILED runs are probed.
    conditions.push(eb("status", "=", "FAILED"));
    conditions.push(
      eb.exists(
        eb
          .selectFrom("stageflow_stages")
          .select(sql`1`.as("found"))
          .whereRef("stageflow_stages.workflow_run_id", "=", "stageflow_runs.id")
          .where("stageflow_stages.stage_id", "=", stageId)
          .where("stageflow_stages.status", "=", "FAILED"),
      ),
    );
  }
  const metadata = filter.metadata;
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    if (context.dialect === "postgres") {
      conditions.push(sql<SqlBool>`metadata @> ${JSON.stringify(metadata)}::jsonb`);
    } else {
      for (const [key, value] of Object.entries(metadata)) {
        conditions.push(sqliteJsonEquals("metadata", [key], value));
      }
    }
  }
  if (filter.field !== undefined) conditions.push(fieldCondition(filter.field, context));
  return conditions;
}
