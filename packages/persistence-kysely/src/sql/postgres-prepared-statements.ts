import { createHash } from "node:crypto";
import { AI_CALL_SQL } from "../ai-call-logger/ai-call-sql";
import { BLOB_SQL } from "../blob-store/blob-sql";
import { ACQUIRE_IDEMPOTENCY_KEY_SQL, IDEMPOTENCY_STATE_SQL } from "./acquire-idempotency-key";
import { APPEND_LOGS_SQL } from "./append-logs";
import { APPEND_OUTBOX_EVENTS_SQL } from "./append-outbox-events";
import { CLAIM_DUE_SUSPENDED_STAGES_SQL } from "./claim-due-suspended-stages";
import { CLAIM_JOB_SQL } from "./claim-job";
import { CLAIM_OUTBOX_EVENTS_SQL } from "./claim-outbox-events";
import { CLAIM_PENDING_RUNS_SQL } from "./claim-pending-runs";
import { COMPLETE_JOB_SQL } from "./complete-job";
import { COMPLETE_JOBS_SQL } from "./complete-jobs";
import { CREATE_RUN_SQL } from "./create-run";
import { CREATE_RUN_WITH_EVENT_SQL } from "./create-run-with-event";
import { CREATE_STAGES_SQL } from "./create-stages";
import { DEQUEUE_JOBS_SQL } from "./dequeue-jobs";
import { DEQUEUE_JOBS_WITH_SNAPSHOTS_SQL } from "./dequeue-jobs-with-snapshots";
import { ENQUEUE_JOBS_SQL } from "./enqueue-jobs";
import { GET_RUN_WITH_JOB_AND_STAGES_SQL } from "./get-run-with-job-and-stages";
import { HEARTBEAT_JOBS_SQL } from "./heartbeat-jobs";
import { INSERT_STAGES_JOBS_AND_EVENTS_SQL } from "./insert-stages-jobs-and-events";
import { LOCK_RUN_WITH_JOB_AND_STAGES_SQL } from "./lock-run-with-job-and-stages";
import { MARK_OUTBOX_PUBLISHED_SQL } from "./mark-outbox-published";
import { NEXT_OUTBOX_DUE_SQL } from "./next-outbox-due";
import { READ_ROWS_SQL } from "./read-rows";
import { RELEASE_JOBS_SQL } from "./release-jobs";
import { RELEASE_STALE_JOBS_SQL } from "./release-stale-jobs";
import { REPLAY_DEAD_LETTERS_SQL } from "./replay-dead-letters";

const STATEMENTS: readonly string[] = [
  CREATE_RUN_SQL.postgres,
  CREATE_RUN_WITH_EVENT_SQL.postgres.plain,
  CREATE_RUN_WITH_EVENT_SQL.postgres.keyed,
  CLAIM_PENDING_RUNS_SQL.postgres,
  CREATE_STAGES_SQL.postgres,
  CLAIM_DUE_SUSPENDED_STAGES_SQL.postgres,
  ENQUEUE_JOBS_SQL.postgres.one,
  ENQUEUE_JOBS_SQL.postgres.many,
  INSERT_STAGES_JOBS_AND_EVENTS_SQL,
  DEQUEUE_JOBS_SQL.postgres,
  DEQUEUE_JOBS_WITH_SNAPSHOTS_SQL,
  CLAIM_JOB_SQL.postgres,
  COMPLETE_JOB_SQL.postgres.any,
  COMPLETE_JOB_SQL.postgres.byWorker,
  COMPLETE_JOBS_SQL.postgres,
  HEARTBEAT_JOBS_SQL.postgres,
  RELEASE_JOBS_SQL.postgres,
  RELEASE_STALE_JOBS_SQL.postgres,
  APPEND_LOGS_SQL.postgres,
  APPEND_OUTBOX_EVENTS_SQL.postgres,
  CLAIM_OUTBOX_EVENTS_SQL.postgres,
  REPLAY_DEAD_LETTERS_SQL.postgres,
  NEXT_OUTBOX_DUE_SQL.postgres,
  MARK_OUTBOX_PUBLISHED_SQL.postgres,
  LOCK_RUN_WITH_JOB_AND_STAGES_SQL,
  GET_RUN_WITH_JOB_AND_STAGES_SQL,
  ACQUIRE_IDEMPOTENCY_KEY_SQL.postgres,
  IDEMPOTENCY_STATE_SQL.postgres,
  ...Object.values(READ_ROWS_SQL.postgres),
  ...Object.values(BLOB_SQL.postgres),
  ...Object.values(AI_CALL_SQL.postgres),
];

const statementName = (text: string): string =>
  `stageflow_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;

const names = new Map(STATEMENTS.map((text) => [text, statementName(text)]));

/** How many statements {@link registerPostgresStatement} may add (their texts come in few shapes). */
const MAX_REGISTERED = 512;
let registered = 0;

/**
 * The Postgres statements of this package that run as named prepared statements, each named
 * `stageflow_` + a hash of its text: the constant ones, and those built once per shape and then
 * registered ({@link registerPostgresStatement}). Connections prepare each once and then only
 * bind and execute it, which skips parsing and planning on the hot paths.
 */
export const POSTGRES_PREPARED_STATEMENTS: ReadonlyMap<string, string> = names;

/**
 * Adds a statement text built from a shape (an update's column list, a commit plan) to
 * {@link POSTGRES_PREPARED_STATEMENTS}, so its next runs are prepared. Beyond a bound the text
 * runs unprepared, so an unexpected variety of shapes cannot grow the map without end.
 */
export function registerPostgresStatement(text: string): void {
  if (names.has(text) || registered >= MAX_REGISTERED) return;
  registered++;
  names.set(text, statementName(text));
}
