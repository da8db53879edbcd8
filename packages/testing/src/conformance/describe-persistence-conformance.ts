import { describe } from "vitest";
import {
  type ConformanceSetup,
  type PersistenceConformanceContext,
  useConformanceContext,
} from "./conformance-context";
import { persistenceCreateRunWithEventTests } from "./persistence-create-run-with-event";
import { persistenceDeleteRunTests } from "./persistence-delete-runs";
import { persistenceIdempotencyTests } from "./persistence-idempotency";
import { persistenceInsertStagesJobsAndEventsTests } from "./persistence-insert-stages-jobs-and-events";
import { persistenceJobTests } from "./persistence-jobs";
import { persistenceJsonTests } from "./persistence-json";
import { persistenceLogTests } from "./persistence-logs";
import { persistenceOutboxTests } from "./persistence-outbox";
import { persistenceOutboxFailureTests } from "./persistence-outbox-failures";
import { persistenceOutboxRenewalTests } from "./persistence-outbox-renewal";
import { persistenceOutboxRetryTests } from "./persistence-outbox-retries";
import { persistenceQueryTests } from "./persistence-queries";
import { persistenceQueryFieldTests } from "./persistence-query-fields";
import { persistenceRunTests } from "./persistence-runs";
import { persistenceScheduleTests } from "./persistence-schedules";
import { persistenceStageProgressTests } from "./persistence-stage-progress";
import { persistenceStageTests } from "./persistence-stages";
import { persistenceTraceContextTests } from "./persistence-trace-context";
import { persistenceTransactionTests } from "./persistence-transactions";

/**
 * Registers the `Persistence` conformance suite (vitest): transactions and rollback, runs,
 * optimistic versions, claims, stages, jobs, logs, the outbox, idempotency keys, JSON checks, the
 * run queries (`queries`, through `createRunQueries`: listings, counts, JSON field filters, daily
 * AI costs), `deleteRuns`, cron schedules and trace
 * context. The setup must provide `logAICall` (the adapter's AI call logger) for the AI call tests.
 * `setup` runs before each test and must return a fresh, isolated store. Optional fast paths the
 * adapter implements are named in `options.fastPaths` and then tested too (`recordStageProgress`,
 * the live progress of a running attempt, among them).
 *
 * @example
 * ```ts
 * import { describePersistenceConformance } from "@stageflow/testing/conformance";
 *
 * describePersistenceConformance("sqlite", async () => {
 *   const db = createSqliteDatabase(":memory:");
 *   await migrateToLatest(db);
 *   return { persistence: createKyselyPersistence(db), teardown: () => db.destroy() };
 * });
 * ```
 */
export function describePersistenceConformance(
  name: string,
  setup: ConformanceSetup<PersistenceConformanceContext>,
  options: PersistenceConformanceOptions = {},
): void {
  describe(`Persistence conformance: ${name}`, () => {
    const ctx = useConformanceContext(setup, (context) => {
      if (!context.persistence)
        throw new Error(`Conformance setup of "${name}" returned no persistence.`);
    });
    persistenceTransactionTests(ctx);
    persistenceRunTests(ctx);
    persistenceStageTests(ctx);
    persistenceJobTests(ctx);
    persistenceLogTests(ctx);
    persistenceOutboxTests(ctx);
    persistenceOutboxFailureTests(ctx);
    persistenceOutboxRetryTests(ctx);
    persistenceOutboxRenewalTests(ctx);
    persistenceIdempotencyTests(ctx);
    persistenceJsonTests(ctx);
    persistenceQueryTests(ctx);
    persistenceQueryFieldTests(ctx);
    persistenceDeleteRunTests(ctx);
    persistenceScheduleTests(ctx);
    persistenceTraceContextTests(ctx);
    if (options.fastPaths?.includes("createRunWithEvent")) persistenceCreateRunWithEventTests(ctx);
    if (options.fastPaths?.includes("insertStagesJobsAndEvents")) {
      persistenceInsertStagesJobsAndEventsTests(ctx);
    }
    if (options.fastPaths?.includes("recordStageProgress")) persistenceStageProgressTests(ctx);
  });
}

/** Options of {@link describePersistenceConformance}. */
export interface PersistenceConformanceOptions {
  /** The optional `Persistence` methods the adapter implements; each is required and tested. */
  readonly fastPaths?: readonly (
    | "createRunWithEvent"
    | "insertStagesJobsAndEvents"
    | "recordStageProgress"
  )[];
}
