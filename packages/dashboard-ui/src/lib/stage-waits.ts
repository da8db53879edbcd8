/** The minimal event shape `stageWaits` reads (an outbox event of the run). */
export interface WaitEvent {
  type: string;
  createdAt: string;
  payload: Record<string, unknown>;
}

const STAGE_ENDS = new Set(["stage:completed", "stage:failed", "stage:started", "stage:cancelled"]);

function eventMs(event: WaitEvent): number {
  const stamp = event.payload.timestamp;
  const ms = Date.parse(typeof stamp === "string" ? stamp : event.createdAt);
  return Number.isNaN(ms) ? Date.parse(event.createdAt) : ms;
}

/**
 * The spans a stage spent suspended, from the run's events in order: each `stage:suspended`
 * opens a wait that the stage's next `stage:completed`, `stage:failed`, `stage:started` or
 * `stage:cancelled` (or a `workflow:cancelled`) closes; a wait still open has `endMs: null`.
 */
export function stageWaits(
  events: readonly WaitEvent[],
  stageId: string,
): { startMs: number; endMs: number | null }[] {
  const waits: { startMs: number; endMs: number | null }[] = [];
  let open: { startMs: number; endMs: number | null } | null = null;
  for (const event of events) {
    const own = event.payload.stageId === stageId;
    if (own && event.type === "stage:suspended") {
      if (open === null) {
        open = { startMs: eventMs(event), endMs: null };
        waits.push(open);
      }
      continue;
    }
    const closes =
      (own && STAGE_ENDS.has(event.type)) ||
      event.type === "workflow:cancelled" ||
      event.type === "workflow:failed";
    if (open !== null && closes) {
      open.endMs = Math.max(open.startMs, eventMs(event));
      open = null;
    }
  }
  return waits;
}
