import type { Kysely, Migration } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { columnTypesFor } from "./column-types-for";

/**
 * `0006_trace_context`: the W3C trace context of a run (`traceparent`, `tracestate` on
 * `stageflow_runs`), so every process that works on the run continues its trace, and the
 * `traceparent` of the attempt that suspended a stage (`stageflow_stages`), so the check that
 * resumes it links to that span. Nullable: untraced runs leave them empty.
 *
 * @param dialect - the dialect whose column types to use.
 */
export function traceContextMigration(dialect: StageflowDialect): Migration {
  const t = columnTypesFor(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("stageflow_runs").addColumn("traceparent", t.text).execute();
      await db.schema.alterTable("stageflow_runs").addColumn("tracestate", t.text).execute();
      await db.schema.alterTable("stageflow_stages").addColumn("traceparent", t.text).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("stageflow_stages").dropColumn("traceparent").execute();
      await db.schema.alterTable("stageflow_runs").dropColumn("tracestate").execute();
      await db.schema.alterTable("stageflow_runs").dropColumn("traceparent").execute();
    },
  };
}
