import { redactValue, StageflowError } from "@stageflow/core";
import type { Kysely } from "kysely";
import { readNumber, toJsonText } from "../codec/value-codec";
import { getDatabaseContext } from "../database/database-context";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runSql } from "../scope/run-sql";
import { rootScope } from "../scope/scope";
import type { KyselyAIMemoStore } from "./ai-guard-shapes";
import { MEMO_SQL } from "./memo-sql";

/** Default time a memoized response is served: one day. */
export const DEFAULT_AI_MEMO_TTL_MS = 86_400_000;

/** Options of {@link createKyselyAIMemoStore}. */
export interface KyselyAIMemoStoreOptions {
  /** How long a stored response is served, in ms. Default one day. */
  readonly ttlMs?: number;
}

/**
 * A memo store for `@stageflow/ai` in `stageflow_ai_memo`: responses of successful calls by
 * content hash, served until they expire (`ttlMs`), to every worker. Responses are stored as
 * JSON with secrets redacted (`redactValue` of `@stageflow/core`); keys are hashes of the request
 * content, never of credentials. `deleteExpired(now)` removes what expired.
 *
 * @example
 * ```ts
 * const memo = createKyselyAIMemoStore(db, { ttlMs: 6 * 3_600_000 });
 * const ai = createAIHelper("triage", logger, { providers, stage: ctx, memo });
 * ```
 *
 * @throws `StageflowError` (`INVALID_AI_MEMO_TTL`) for a TTL that is not a positive number.
 */
export function createKyselyAIMemoStore(
  db: Kysely<StageflowDatabase>,
  options: KyselyAIMemoStoreOptions = {},
): KyselyAIMemoStore {
  const scope = rootScope(db, getDatabaseContext(db, "createKyselyAIMemoStore"));
  const { codec } = scope.context;
  const statements = MEMO_SQL[scope.context.dialect];
  const ttlMs = options.ttlMs ?? DEFAULT_AI_MEMO_TTL_MS;
  if (!(typeof ttlMs === "number" && Number.isFinite(ttlMs) && ttlMs > 0)) {
    throw new StageflowError(`AI memo ttlMs must be a positive number, got ${String(ttlMs)}`, {
      code: "INVALID_AI_MEMO_TTL",
    });
  }
  return {
    ttlMs,
    async get(key, now) {
      const { rows } = await runSql<Record<string, unknown>>(scope, statements.get, [
        key,
        codec.timestamp(now),
      ]);
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        key,
        provider: String(row.provider),
        model: String(row.model),
        kind: String(row.kind),
        response: JSON.parse(String(row.response)) as unknown,
        inputTokens: readNumber(row.input_tokens),
        outputTokens: readNumber(row.output_tokens),
        createdAt: codec.readTimestamp(row.created_at),
        expiresAt: codec.readTimestamp(row.expires_at),
      };
    },
    async put(entry) {
      await runSql(scope, statements.put, [
        entry.key,
        entry.provider,
        entry.model,
        entry.kind,
        toJsonText(redactValue(entry.response), "ai memo response") ?? "null",
        Math.round(entry.inputTokens),
        Math.round(entry.outputTokens),
        codec.timestamp(entry.createdAt),
        codec.timestamp(entry.expiresAt),
      ]);
    },
    async deleteExpired(now) {
      const result = await runSql(scope, statements.deleteExpired, [codec.timestamp(now)]);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}
