import type { NullableJsonColumn, TimestampColumn } from "./column-types";

/** Row of `stageflow_idempotency_keys`, keyed by `(key, command_type)`. */
export interface IdempotencyKeysTable {
  key: string;
  command_type: string;
  /** `IN_PROGRESS` while a dispatcher holds the key, `COMPLETED` once its result is stored. */
  status: string;
  result: NullableJsonColumn;
  /** When the current holder acquired the key (for reclaiming keys of dead dispatchers). */
  locked_at: TimestampColumn;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
}
