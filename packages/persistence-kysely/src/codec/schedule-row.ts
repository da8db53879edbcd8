import type {
  ScheduleOverlapPolicy,
  ScheduleRecord,
  ScheduleRunRef,
  ScheduleSource,
} from "@stageflow/kernel";
import type { Insertable } from "kysely";
import type { SchedulesTable } from "../schema/schedules-table";
import { readNumber, toJsonText, type ValueCodec } from "./value-codec";

/** A raw `stageflow_schedules` row as a driver returns it. */
export type ScheduleRow = Record<string, unknown>;

/** Converts a `stageflow_schedules` row to a `ScheduleRecord`. */
export function toScheduleRecord(row: ScheduleRow, codec: ValueCodec): ScheduleRecord {
  return {
    id: row.id as string,
    workflowId: row.workflow_id as string,
    cron: row.cron as string,
    timezone: row.timezone as string,
    input: codec.readJson(row.input),
    config: codec.readJson(row.config) as Record<string, unknown> | null,
    overlap: row.overlap as ScheduleOverlapPolicy,
    catchupWindowMs: readNumber(row.catchup_window_ms),
    jitterMs: readNumber(row.jitter_ms),
    paused: Boolean(row.paused),
    pauseOnFailure: Boolean(row.pause_on_failure),
    startAt: codec.readTimestampOrNull(row.start_at),
    endAt: codec.readTimestampOrNull(row.end_at),
    source: row.source as ScheduleSource,
    nextFireAt: codec.readTimestampOrNull(row.next_fire_at),
    dueAt: codec.readTimestampOrNull(row.due_at),
    bufferedTick: codec.readTimestampOrNull(row.buffered_tick),
    lastFiredAt: codec.readTimestampOrNull(row.last_fired_at),
    recentRuns: (codec.readJson(row.recent_runs) as ScheduleRunRef[] | null) ?? [],
    firedCount: readNumber(row.fired_count),
    skippedCount: readNumber(row.skipped_count),
    missedCount: readNumber(row.missed_count),
    lastError: (row.last_error as string | null) ?? null,
    createdAt: codec.readTimestamp(row.created_at),
    updatedAt: codec.readTimestamp(row.updated_at),
    version: readNumber(row.version),
  };
}

/**
 * The insert values of `record` (JSON fields checked with `assertJsonValue` before anything is
 * sent).
 */
export function toScheduleValues(
  record: ScheduleRecord,
  codec: ValueCodec,
): Insertable<SchedulesTable> {
  return {
    id: record.id,
    workflow_id: record.workflowId,
    cron: record.cron,
    timezone: record.timezone,
    input: toJsonText(record.input, "schedule.input"),
    config: toJsonText(record.config, "schedule.config"),
    overlap: record.overlap,
    catchup_window_ms: record.catchupWindowMs,
    jitter_ms: record.jitterMs,
    paused: codec.boolean(record.paused),
    pause_on_failure: codec.boolean(record.pauseOnFailure),
    start_at: codec.timestampOrNull(record.startAt),
    end_at: codec.timestampOrNull(record.endAt),
    source: record.source,
    next_fire_at: codec.timestampOrNull(record.nextFireAt),
    due_at: codec.timestampOrNull(record.dueAt),
    buffered_tick: codec.timestampOrNull(record.bufferedTick),
    last_fired_at: codec.timestampOrNull(record.lastFiredAt),
    recent_runs: toJsonText(record.recentRuns, "schedule.recentRuns") ?? "[]",
    fired_count: record.firedCount,
    skipped_count: record.skippedCount,
    missed_count: record.missedCount,
    last_error: record.lastError,
    created_at: codec.timestamp(record.createdAt),
    updated_at: codec.timestamp(record.updatedAt),
    version: record.version,
  };
}
