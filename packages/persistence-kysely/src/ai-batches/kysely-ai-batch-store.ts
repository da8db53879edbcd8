import type {
  AIBatchRecord,
  AIBatchRequestRecord,
  AIBatchStore,
  NewAIBatchRequest,
  PendingAIBatchGroup,
} from "@stageflow/kernel";
import { readNumber, toJsonText } from "../codec/value-codec";
import { createId } from "../ids/create-id";
import { runSql } from "../scope/run-sql";
import type { Scope } from "../scope/scope";
import { toAIBatchRecord, toAIBatchRequestRecord } from "./ai-batch-rows";

const UNFINISHED = ["PENDING", "SUBMITTING", "SUBMITTED"] as const;

/** Postgres: claims the oldest PENDING requests of a group, skipping rows other claims hold. */
const CLAIM_PENDING_POSTGRES = `with picked as (
  select id from stageflow_ai_batch_requests
  where status = 'PENDING' and provider = $1 and model = $2
  order by created_at, id
  limit $3
  for update skip locked
)
update stageflow_ai_batch_requests as r
set status = 'SUBMITTING', batch_id = $4, updated_at = $5
from picked
where r.id = picked.id
returning r.*`;

/** SQLite (transactions serialized by `BEGIN IMMEDIATE`): the same claim in one statement. */
const CLAIM_PENDING_SQLITE = `update stageflow_ai_batch_requests
set status = 'SUBMITTING', batch_id = ?, updated_at = ?
where id in (
  select id from stageflow_ai_batch_requests
  where status = 'PENDING' and provider = ? and model = ?
  order by created_at, id
  limit ?
)
returning *`;

/** Postgres: claims due SUBMITTED batches by moving their next check to the lease end. */
const CLAIM_DUE_POSTGRES = `with picked as (
  select id from stageflow_ai_batches
  where status = 'SUBMITTED' and next_poll_at <= $1
  order by next_poll_at, id
  limit $2
  for update skip locked
)
update stageflow_ai_batches as b
set next_poll_at = $3, updated_at = $1
from picked
where b.id = picked.id
returning b.*`;

const CLAIM_DUE_SQLITE = `update stageflow_ai_batches
set next_poll_at = ?, updated_at = ?
where id in (
  select id from stageflow_ai_batches
  where status = 'SUBMITTED' and next_poll_at <= ?
  order by next_poll_at, id
  limit ?
)
returning *`;

/**
 * `AIBatchStore` on Kysely, for one scope (the database or an open transaction). Claims take
 * `FOR UPDATE SKIP LOCKED` on Postgres; on SQLite each claim is one statement in a serialized
 * transaction.
 */
export class KyselyAIBatchStore implements AIBatchStore {
  readonly #scope: Scope;

  /** @param scope - where statements run. */
  constructor(scope: Scope) {
    this.#scope = scope;
  }

  get #db() {
    return this.#scope.executor();
  }

  get #codec() {
    return this.#scope.context.codec;
  }

  async insertRequests(requests: readonly NewAIBatchRequest[]): Promise<AIBatchRequestRecord[]> {
    if (requests.length === 0) return [];
    const codec = this.#codec;
    const rows = requests.map((request) => ({
      id: createId(),
      workflow_run_id: request.workflowRunId,
      stage_id: request.stageId,
      stage_record_id: request.stageRecordId,
      attempt: request.attempt,
      request_key: request.requestKey,
      provider: request.provider,
      model: request.model,
      spec: toJsonText(request.spec, `batched request "${request.requestKey}"`) ?? "null",
      bytes: request.bytes,
      status: "PENDING",
      batch_id: null,
      value: null,
      error: null,
      input_tokens: 0,
      output_tokens: 0,
      cost: 0,
      created_at: codec.timestamp(request.now),
      updated_at: codec.timestamp(request.now),
    }));
    const stored = await this.#db
      .insertInto("stageflow_ai_batch_requests")
      .values(rows)
      .returningAll()
      .execute();
    return stored.map((row) => toAIBatchRequestRecord(row as Record<string, unknown>, codec));
  }

  async pendingGroups(): Promise<PendingAIBatchGroup[]> {
    const rows = await this.#db
      .selectFrom("stageflow_ai_batch_requests")
      .select((eb) => [
        "provider",
        "model",
        eb.fn.countAll().as("count"),
        eb.fn.min("created_at").as("oldest_at"),
      ])
      .where("status", "=", "PENDING")
      .groupBy(["provider", "model"])
      .orderBy("oldest_at")
      .execute();
    return rows.map((row) => ({
      provider: row.provider,
      model: row.model,
      count: readNumber(row.count),
      oldestAt: this.#codec.readTimestamp(row.oldest_at),
    }));
  }

  claimForSubmission(options: Parameters<AIBatchStore["claimForSubmission"]>[0]) {
    return this.#scope.atomic(async (tx) => {
      const store = new KyselyAIBatchStore(tx);
      const codec = this.#codec;
      const batchId = createId();
      const now = codec.timestamp(options.now);
      const claimed =
        tx.context.dialect === "postgres"
          ? await runSql<Record<string, unknown>>(tx, CLAIM_PENDING_POSTGRES, [
              options.provider,
              options.model,
              options.limit,
              batchId,
              now,
            ])
          : await runSql<Record<string, unknown>>(tx, CLAIM_PENDING_SQLITE, [
              batchId,
              now,
              options.provider,
              options.model,
              options.limit,
            ]);
      const all = claimed.rows
        .map((row) => toAIBatchRequestRecord(row, codec))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a.id, b.id));
      if (all.length === 0) return null;
      // Keep the oldest requests within the byte limit (always at least one); give back the rest.
      let bytes = 0;
      const kept: AIBatchRequestRecord[] = [];
      for (const request of all) {
        if (kept.length > 0 && bytes + request.bytes > options.maxBytes) break;
        bytes += request.bytes;
        kept.push(request);
      }
      const extra = all.slice(kept.length).map((request) => request.id);
      if (extra.length > 0) {
        await tx
          .executor()
          .updateTable("stageflow_ai_batch_requests")
          .set({ status: "PENDING", batch_id: null })
          .where("id", "in", extra)
          .execute();
      }
      const requestIds = kept.map((request) => request.id);
      await tx
        .executor()
        .insertInto("stageflow_ai_batches")
        .values({
          id: batchId,
          provider: options.provider,
          model: options.model,
          status: "SUBMITTING",
          provider_batch_id: null,
          metadata: null,
          request_ids: JSON.stringify(requestIds),
          claimed_by: options.workerId,
          claimed_until: codec.timestamp(new Date(options.now.getTime() + options.leaseMs)),
          next_poll_at: null,
          poll_interval_ms: options.pollIntervalMs,
          provider_status: null,
          error: null,
          submitted_at: null,
          ended_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const batch = await store.#getBatch(batchId);
      return batch === null
        ? null
        : { batch, requests: kept.map((r) => ({ ...r, status: "SUBMITTING" as const, batchId })) };
    });
  }

  async #getBatch(id: string): Promise<AIBatchRecord | null> {
    const row = await this.#db
      .selectFrom("stageflow_ai_batches")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row === undefined ? null : toAIBatchRecord(row as Record<string, unknown>, this.#codec);
  }

  markSubmitted(
    batchId: string,
    options: Parameters<AIBatchStore["markSubmitted"]>[1],
  ): Promise<boolean> {
    const codec = this.#codec;
    return this.#scope.atomic(async (tx) => {
      const now = codec.timestamp(options.now);
      const updated = await tx
        .executor()
        .updateTable("stageflow_ai_batches")
        .set({
          status: "SUBMITTED",
          provider_batch_id: options.providerBatchId,
          metadata:
            options.metadata === null ? null : toJsonText(options.metadata, "batch metadata"),
          claimed_by: null,
          claimed_until: null,
          next_poll_at: codec.timestamp(options.nextPollAt),
          submitted_at: now,
          updated_at: now,
        })
        .where("id", "=", batchId)
        .where("status", "=", "SUBMITTING")
        .where("claimed_by", "=", options.workerId)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
      await tx
        .executor()
        .updateTable("stageflow_ai_batch_requests")
        .set({ status: "SUBMITTED", updated_at: now })
        .where("batch_id", "=", batchId)
        .where("status", "=", "SUBMITTING")
        .execute();
      return true;
    });
  }

  releaseSubmission(
    batchId: string,
    options: Parameters<AIBatchStore["releaseSubmission"]>[1],
  ): Promise<void> {
    const codec = this.#codec;
    return this.#scope.atomic(async (tx) => {
      const now = codec.timestamp(options.now);
      const updated = await tx
        .executor()
        .updateTable("stageflow_ai_batches")
        .set({
          status: "SUBMIT_FAILED",
          error: options.error,
          claimed_until: null,
          updated_at: now,
        })
        .where("id", "=", batchId)
        .where("status", "=", "SUBMITTING")
        .where("claimed_by", "=", options.workerId)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return;
      await tx
        .executor()
        .updateTable("stageflow_ai_batch_requests")
        .set({ status: "PENDING", batch_id: null, updated_at: now })
        .where("batch_id", "=", batchId)
        .where("status", "=", "SUBMITTING")
        .execute();
    });
  }

  abandonExpiredSubmissions(now: Date): Promise<AIBatchRecord[]> {
    const codec = this.#codec;
    return this.#scope.atomic(async (tx) => {
      const at = codec.timestamp(now);
      let query = tx
        .executor()
        .selectFrom("stageflow_ai_batches")
        .selectAll()
        .where("status", "=", "SUBMITTING")
        .where("claimed_until", "<", at);
      if (tx.context.dialect === "postgres") query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      if (rows.length === 0) return [];
      const ids = rows.map((row) => row.id);
      await tx
        .executor()
        .updateTable("stageflow_ai_batches")
        .set({ status: "ABANDONED", claimed_until: null, updated_at: at })
        .where("id", "in", ids)
        .execute();
      await tx
        .executor()
        .updateTable("stageflow_ai_batch_requests")
        .set({ status: "PENDING", batch_id: null, updated_at: at })
        .where("batch_id", "in", ids)
        .where("status", "=", "SUBMITTING")
        .execute();
      return rows.map((row) => ({
        ...toAIBatchRecord(row as Record<string, unknown>, codec),
        status: "ABANDONED" as const,
      }));
    });
  }

  async claimDueBatches(
    options: Parameters<AIBatchStore["claimDueBatches"]>[0],
  ): Promise<AIBatchRecord[]> {
    if (options.limit <= 0) return [];
    const codec = this.#codec;
    const now = codec.timestamp(options.now);
    const until = codec.timestamp(new Date(options.now.getTime() + options.leaseMs));
    const { rows } =
      this.#scope.context.dialect === "postgres"
        ? await runSql<Record<string, unknown>>(this.#scope, CLAIM_DUE_POSTGRES, [
            now,
            options.limit,
            until,
          ])
        : await this.#scope.atomic((tx) =>
            runSql<Record<string, unknown>>(tx, CLAIM_DUE_SQLITE, [until, now, now, options.limit]),
          );
    return rows.map((row) => toAIBatchRecord(row, codec));
  }

  async getRequestsOfBatch(batchId: string): Promise<AIBatchRequestRecord[]> {
    const rows = await this.#db
      .selectFrom("stageflow_ai_batch_requests")
      .selectAll()
      .where("batch_id", "=", batchId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map((row) => toAIBatchRequestRecord(row as Record<string, unknown>, this.#codec));
  }

  async deferBatch(
    batchId: string,
    options: Parameters<AIBatchStore["deferBatch"]>[1],
  ): Promise<void> {
    const codec = this.#codec;
    await this.#db
      .updateTable("stageflow_ai_batches")
      .set({
        next_poll_at: codec.timestamp(options.nextPollAt),
        provider_status: options.providerStatus,
        updated_at: codec.timestamp(options.now),
      })
      .where("id", "=", batchId)
      .where("status", "=", "SUBMITTED")
      .execute();
  }

  recordResults(
    batchId: string,
    options: Parameters<AIBatchStore["recordResults"]>[1],
  ): Promise<string[]> {
    const codec = this.#codec;
    return this.#scope.atomic(async (tx) => {
      const now = codec.timestamp(options.now);
      const ended = await tx
        .executor()
        .updateTable("stageflow_ai_batches")
        .set({
          status: "ENDED",
          provider_status: options.providerStatus,
          next_poll_at: null,
          ended_at: now,
          updated_at: now,
        })
        .where("id", "=", batchId)
        .where("status", "=", "SUBMITTED")
        .executeTakeFirst();
      if (ended.numUpdatedRows === 0n) return [];
      const stages = new Set<string>();
      for (const result of options.results) {
        const row = await tx
          .executor()
          .updateTable("stageflow_ai_batch_requests")
          .set({
            status: result.status,
            value:
              result.status === "SUCCEEDED"
                ? toJsonText(result.value ?? null, `result of request ${result.id}`)
                : null,
            error: result.error ?? null,
            input_tokens: result.inputTokens,
            output_tokens: result.outputTokens,
            cost: result.cost,
            updated_at: now,
          })
          .where("id", "=", result.id)
          .where("batch_id", "=", batchId)
          .where("status", "=", "SUBMITTED")
          .returning("stage_record_id")
          .executeTakeFirst();
        if (row !== undefined) stages.add(row.stage_record_id);
      }
      return [...stages];
    });
  }

  async markBatchCancelled(batchId: string, now: Date): Promise<void> {
    const at = this.#codec.timestamp(now);
    await this.#db
      .updateTable("stageflow_ai_batches")
      .set({ status: "CANCELLED", next_poll_at: null, ended_at: at, updated_at: at })
      .where("id", "=", batchId)
      .where("status", "=", "SUBMITTED")
      .execute();
  }

  async cancelRequestsOfRun(workflowRunId: string, now: Date): Promise<number> {
    const result = await this.#db
      .updateTable("stageflow_ai_batch_requests")
      .set({ status: "CANCELLED", updated_at: this.#codec.timestamp(now) })
      .where("workflow_run_id", "=", workflowRunId)
      .where("status", "in", UNFINISHED)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async getRequestsOfStage(
    stageRecordId: string,
    attempt: number,
  ): Promise<AIBatchRequestRecord[]> {
    const rows = await this.#db
      .selectFrom("stageflow_ai_batch_requests")
      .selectAll()
      .where("stage_record_id", "=", stageRecordId)
      .where("attempt", "=", attempt)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map((row) => toAIBatchRequestRecord(row as Record<string, unknown>, this.#codec));
  }

  async wakeReadyStages(stageRecordIds: readonly string[], now: Date): Promise<number> {
    if (stageRecordIds.length === 0) return 0;
    const at = this.#codec.timestamp(now);
    const result = await this.#db
      .updateTable("stageflow_stages")
      .set((eb) => ({ next_poll_at: at, updated_at: at, version: eb("version", "+", 1) }))
      .where("id", "in", [...stageRecordIds])
      .where("status", "=", "SUSPENDED")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("stageflow_ai_batch_requests as r")
              .select("r.id")
              .whereRef("r.stage_record_id", "=", "stageflow_stages.id")
              .whereRef("r.attempt", "=", "stageflow_stages.attempt")
              .where("r.status", "in", UNFINISHED),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async nextBatchPollAt(): Promise<Date | null> {
    const row = await this.#db
      .selectFrom("stageflow_ai_batches")
      .select((eb) => eb.fn.min("next_poll_at").as("next"))
      .where("status", "=", "SUBMITTED")
      .executeTakeFirst();
    return this.#codec.readTimestampOrNull(row?.next ?? null);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
