import type { ListSchedulesFilter, ScheduleRecord } from "@stageflow/kernel";
import type { InMemoryState } from "./in-memory-state";
import { copyOut, toStoredJson } from "./stored-value";

/** `Persistence.getSchedule` (`forUpdate` is trivial: transactions are serialized). */
export function getSchedule(state: InMemoryState, id: string): ScheduleRecord | null {
  const schedule = state.schedules.get(id);
  return schedule ? copyOut(schedule) : null;
}

/** `Persistence.putSchedule`: JSON fields checked and stored as their JSON form. */
export function putSchedule(state: InMemoryState, record: ScheduleRecord): void {
  const stored: ScheduleRecord = copyOut({
    ...record,
    input: toStoredJson(record.input, "schedule.input"),
    config: toStoredJson(record.config, "schedule.config"),
    recentRuns: toStoredJson(record.recentRuns, "schedule.recentRuns"),
  });
  state.schedules.set(record.id, stored);
}

/** `Persistence.deleteSchedule`. */
export function deleteSchedule(state: InMemoryState, id: string): boolean {
  return state.schedules.delete(id);
}

/** `Persistence.listSchedules`: by id. */
export function listSchedules(state: InMemoryState, filter: ListSchedulesFilter): ScheduleRecord[] {
  const { afterId } = filter;
  const matching = [...state.schedules.values()]
    .filter(
      (s) =>
        (filter.workflowId === undefined || s.workflowId === filter.workflowId) &&
        (filter.paused === undefined || s.paused === filter.paused) &&
        (filter.source === undefined || s.source === filter.source) &&
        (afterId === undefined || s.id > afterId),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const limited =
    filter.limit === undefined ? matching : matching.slice(0, Math.max(0, filter.limit));
  return limited.map(copyOut);
}

function due(state: InMemoryState): ScheduleRecord[] {
  return [...state.schedules.values()]
    .filter((s) => !s.paused && s.dueAt !== null)
    .sort(
      (a, b) =>
        (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** `Persistence.claimDueSchedules`: earliest due first (serialized transactions need no lock). */
export function claimDueSchedules(
  state: InMemoryState,
  options: { now: Date; limit: number },
): ScheduleRecord[] {
  return due(state)
    .filter((s) => (s.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) <= options.now.getTime())
    .slice(0, Math.max(0, options.limit))
    .map(copyOut);
}

/** `Persistence.nextScheduleDueAt`. */
export function nextScheduleDueAt(state: InMemoryState): Date | null {
  const first = due(state)[0];
  return first?.dueAt ? new Date(first.dueAt.getTime()) : null;
}
