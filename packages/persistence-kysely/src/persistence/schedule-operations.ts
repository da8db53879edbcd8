import type { ListSchedulesFilter, ScheduleRecord } from "@stageflow/kernel";
import { toScheduleRecord, toScheduleValues } from "../codec/schedule-row";
import type { Scope } from "../scope/scope";

/** `Persistence.getSchedule`; `forUpdate` takes a row lock on Postgres. */
export async function getSchedule(
  scope: Scope,
  id: string,
  options?: { forUpdate?: boolean },
): Promise<ScheduleRecord | null> {
  let query = scope.executor().selectFrom("stageflow_schedules").selectAll().where("id", "=", id);
  if (options?.forUpdate && scope.context.dialect === "postgres") query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toScheduleRecord(row, scope.context.codec) : null;
}

/** `Persistence.putSchedule`: one upsert on the primary key replacing every column. */
export async function putSchedule(scope: Scope, record: ScheduleRecord): Promise<void> {
  const values = toScheduleValues(record, scope.context.codec);
  const { id: _id, ...changes } = values;
  await scope
    .executor()
    .insertInto("stageflow_schedules")
    .values(values)
    .onConflict((oc) => oc.column("id").doUpdateSet(changes))
    .execute();
}

/** `Persistence.deleteSchedule`. */
export async function deleteSchedule(scope: Scope, id: string): Promise<boolean> {
  const result = await scope
    .executor()
    .deleteFrom("stageflow_schedules")
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** `Persistence.listSchedules`: by id. */
export async function listSchedules(
  scope: Scope,
  filter: ListSchedulesFilter,
): Promise<ScheduleRecord[]> {
  const { codec } = scope.context;
  let query = scope.executor().selectFrom("stageflow_schedules").selectAll();
  if (filter.workflowId !== undefined) query = query.where("workflow_id", "=", filter.workflowId);
  if (filter.paused !== undefined) query = query.where("paused", "=", codec.boolean(filter.paused));
  if (filter.source !== undefined) query = query.where("source", "=", filter.source);
  if (filter.afterId !== undefined) query = query.where("id", ">", filter.afterId);
  query = query.orderBy("id");
  if (filter.limit !== undefined) query = query.limit(Math.max(0, filter.limit));
  const rows = await query.execute();
  return rows.map((row) => toScheduleRecord(row, codec));
}

/** `Persistence.nextScheduleDueAt`: the earliest `due_at` of an unpaused schedule. */
export async function nextScheduleDueAt(scope: Scope): Promise<Date | null> {
  const { codec } = scope.context;
  const row = await scope
    .executor()
    .selectFrom("stageflow_schedules")
    .select("due_at")
    .where("paused", "=", codec.boolean(false))
    .where("due_at", "is not", null)
    .orderBy("due_at")
    .limit(1)
    .executeTakeFirst();
  return row ? codec.readTimestampOrNull(row.due_at) : null;
}
