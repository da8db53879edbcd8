import type { Migration, MigrationProvider } from "kysely";
import type { StageflowDialect } from "../database/stageflow-dialect";
import { initialMigration } from "./0001-initial";
import { outboxRetryDueMigration } from "./0002-outbox-retry-due";
import { runFailureAndDueTimesMigration } from "./0003-run-failure-and-due-times";
import { queryIndexesMigration } from "./0004-query-indexes";
import { schedulesMigration } from "./0005-schedules";
import { traceContextMigration } from "./0006-trace-context";
import { aiBatchesMigration } from "./0008-ai-batches";
import { aiGuardsMigration } from "./0009-ai-guards";
import { aiCallsCreatedIndexMigration } from "./0010-ai-calls-created-index";

/**
 * Stageflow's migrations as code (no files are read at run time, so bundlers and serverless
 * functions work). Names are numbered and sort in order: `0001_initial`, …
 */
export class StageflowMigrationProvider implements MigrationProvider {
  readonly #dialect: StageflowDialect;

  /** @param dialect - the dialect the migrations are written for. */
  constructor(dialect: StageflowDialect) {
    this.#dialect = dialect;
  }

  /** Every migration by name. */
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      "0001_initial": initialMigration(this.#dialect),
      "0002_outbox_retry_due": outboxRetryDueMigration(this.#dialect),
      "0003_run_failure_and_due_times": runFailureAndDueTimesMigration(this.#dialect),
      "0004_query_indexes": queryIndexesMigration(this.#dialect),
      "0005_schedules": schedulesMigration(this.#dialect),
      "0006_trace_context": traceContextMigration(this.#dialect),
      "0008_ai_batches": aiBatchesMigration(this.#dialect),
      "0009_ai_guards": aiGuardsMigration(this.#dialect),
      "0010_ai_calls_created_index": aiCallsCreatedIndexMigration(this.#dialect),
    };
  }
}
