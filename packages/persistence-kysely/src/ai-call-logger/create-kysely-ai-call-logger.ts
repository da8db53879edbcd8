import { redactText } from "@stageflow/core";
import type { Kysely } from "kysely";
import { createKyselyBlobStore } from "../blob-store/create-kysely-blob-store";
import { prefixUpperBound } from "../codec/prefix-range";
import { readNumber } from "../codec/value-codec";
import { getDatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runSql } from "../scope/run-sql";
import { rootScope } from "../scope/scope";
import type { AIBatchInfoShape, AIStatsShape, KyselyAICallLogger } from "./ai-call-shapes";
import { AI_CALL_SQL } from "./ai-call-sql";

/**
 * An `AICallLogger` for `@stageflow/ai` that stores every call in `stageflow_ai_calls` (one insert
 * per call) and aggregates them by topic prefix in SQL, for cost dashboards and audits across
 * workers. Works on both dialects. It also keeps what `batch.getResults` needs for each batch
 * the helper submitted (schemas, request order) in `stageflow_blobs`, so results parse in another
 * process without the submit handle's metadata. The error message of a failed call is stored with its secrets
 * redacted (`redactText` of `@stageflow/core`), whoever built the record.
 *
 * @example
 * ```ts
 * const ai = createAIHelper("summarize", createKyselyAICallLogger(db), { providers });
 * const stats = await createKyselyAICallLogger(db).getStats("batch.");
 * ```
 *
 * @param db - the Stageflow database.
 */
export function createKyselyAICallLogger(db: Kysely<StageflowDatabase>): KyselyAICallLogger {
  const scope = rootScope(db, getDatabaseContext(db, "createKyselyAICallLogger"));
  const { codec, dialect } = scope.context;
  const statements = AI_CALL_SQL[dialect];
  const blobs = createKyselyBlobStore(db);
  const batchKey = (provider: string, batchId: string) =>
    `ai/batches/${encodeURIComponent(provider)}/${encodeURIComponent(batchId)}`;
  return {
    async saveBatchInfo(info) {
      await blobs.put(batchKey(info.provider, info.batchId), info);
    },
    async loadBatchInfo(provider, batchId) {
      return await blobs.get<AIBatchInfoShape>(batchKey(provider, batchId));
    },
    async logCall(record) {
      await runSql(scope, statements.insert, [
        record.topic,
        record.provider,
        record.model,
        record.kind,
        record.inputTokens,
        record.outputTokens,
        record.cost,
        codec.boolean(record.batch),
        record.status,
        record.error === undefined ? null : redactText(record.error),
        Math.round(record.durationMs),
        record.workflowRunId ?? null,
        record.stageId ?? null,
        record.batchId ?? null,
        record.requestId ?? null,
        codec.timestamp(record.createdAt),
        codec.boolean(record.cached === true),
      ]);
    },
    async getStats(topicPrefix): Promise<AIStatsShape> {
      const upper = prefixUpperBound(topicPrefix);
      const { rows } =
        upper === null
          ? await runSql<Record<string, unknown>>(scope, statements.statsFrom, [topicPrefix])
          : await runSql<Record<string, unknown>>(scope, statements.statsRange, [
              topicPrefix,
              upper,
            ]);
      const row = rows[0] ?? {};
      const inputTokens = readNumber(row.input_tokens ?? 0);
      const outputTokens = readNumber(row.output_tokens ?? 0);
      return {
        calls: readNumber(row.calls ?? 0),
        failedCalls: readNumber(row.failed_calls ?? 0),
        inputTokens,
        outputTokens,
        totalTokens: inputTokens + outputTokens,
        cost: readNumber(row.cost ?? 0),
      };
    },
  };
}
