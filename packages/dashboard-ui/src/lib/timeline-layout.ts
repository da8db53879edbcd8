/**
 * Layout of a run's timeline: one bar per stage attempt on a shared time axis, where the time
 * stages only wait on a suspended batch, and any other idle stretch longer than a threshold, is
 * compressed to a fixed-width gap (8 % of the width), so a 24-hour batch wait does not
 * flatten the seconds of work around it. Positions are percentages of the timeline width.
 */

/** A time interval in epoch ms; `endMs` null while open. */
export interface TimeSpan {
  startMs: number;
  endMs: number | null;
}

/** One attempt to draw. */
export interface TimelineAttemptInput {
  attempt: number;
  outcome: string;
  startMs: number | null;
  endMs: number | null;
}

/** One stage to draw: its attempts and the spans it waited while suspended. */
export interface TimelineStageInput {
  stageId: string;
  stageName: string;
  groupIndex: number;
  attempts: TimelineAttemptInput[];
  waits: TimeSpan[];
}

/** Options of `layoutTimeline`. */
export interface TimelineOptions {
  /** End of open attempts and waits. */
  nowMs: number;
  /** Idle stretches shorter than this are never compressed; default 10 s. */
  minGapMs?: number;
  /** Idle stretches longer than this fraction of the busy time are compressed; default 0.25. */
  gapRatio?: number;
  /**
   * Width of each compressed gap as a fraction of the whole timeline; default 0.08 (all gaps
   * together take at most 40 %).
   */
  gapFraction?: number;
}

/** A positioned span (percent of the width). */
export interface Placed {
  left: number;
  width: number;
}

/** A bar of the timeline. */
export interface TimelineBar extends Placed {
  attempt: number;
  outcome: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** The parts of the bar spent waiting (suspended), relative to the timeline. */
  waits: Placed[];
}

/** A compressed idle stretch, drawn hatched with its real duration. */
export interface TimelineGap extends Placed {
  startMs: number;
  endMs: number;
  durationMs: number;
}

/** A stage row. */
export interface TimelineRow {
  stageId: string;
  stageName: string;
  bars: TimelineBar[];
}

/** The stages of one execution group, drawn together (parallel stages side by side). */
export interface TimelineGroup {
  groupIndex: number;
  rows: TimelineRow[];
}

/** What `layoutTimeline` returns. */
export interface TimelineLayout {
  groups: TimelineGroup[];
  gaps: TimelineGap[];
  startMs: number;
  endMs: number;
  /** Real time from the first start to the last end. */
  totalMs: number;
}

interface Segment {
  startMs: number;
  endMs: number;
  /** Display length in ms-equivalents. */
  units: number;
  gap: boolean;
}

function closed(span: TimeSpan, fallbackEnd: number): { startMs: number; endMs: number } {
  const endMs = Math.max(span.startMs, span.endMs ?? fallbackEnd);
  return { startMs: span.startMs, endMs };
}

function subtract(
  span: { startMs: number; endMs: number },
  holes: { startMs: number; endMs: number }[],
): { startMs: number; endMs: number }[] {
  let parts = [span];
  for (const hole of holes) {
    const next: { startMs: number; endMs: number }[] = [];
    for (const part of parts) {
      if (hole.endMs <= part.startMs || hole.startMs >= part.endMs) {
        next.push(part);
        continue;
      }
      if (hole.startMs > part.startMs) next.push({ startMs: part.startMs, endMs: hole.startMs });
      if (hole.endMs < part.endMs) next.push({ startMs: hole.endMs, endMs: part.endMs });
    }
    parts = next;
  }
  return parts;
}

function buildSegments(
  points: number[],
  working: { startMs: number; endMs: number }[],
  waiting: { startMs: number; endMs: number }[],
  options: TimelineOptions,
): Segment[] {
  const raw: (Segment & { waiting: boolean })[] = [];
  const covers = (spans: { startMs: number; endMs: number }[], t: number): boolean =>
    spans.some((w) => w.startMs <= t && t < w.endMs);
  for (let i = 0; i + 1 < points.length; i++) {
    const startMs = points[i]!;
    const endMs = points[i + 1]!;
    const mid = (startMs + endMs) / 2;
    const busy = covers(working, mid);
    const wait = !busy && covers(waiting, mid);
    const last = raw[raw.length - 1];
    if (last && !busy && last.gap && last.waiting === wait) last.endMs = endMs;
    else raw.push({ startMs, endMs, units: 0, gap: !busy, waiting: wait });
  }
  const busyMs = raw.filter((s) => !s.gap).reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
  const threshold = Math.max(options.minGapMs ?? 10_000, busyMs * (options.gapRatio ?? 0.25));
  // A suspended wait is always compressed (it lasts as long as the provider takes); other idle
  // time (a retry's backoff, a queue) only when it is long.
  for (const s of raw) if (s.gap && !s.waiting && s.endMs - s.startMs <= threshold) s.gap = false;
  const shown = raw.filter((s) => !s.gap).reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
  const gapCount = raw.filter((s) => s.gap).length;
  const fraction = Math.min(options.gapFraction ?? 0.08, 0.4 / Math.max(1, gapCount));
  const gapUnits = shown === 0 ? 1 : (fraction * shown) / (1 - fraction * gapCount);
  for (const s of raw) s.units = s.gap ? gapUnits : s.endMs - s.startMs;
  return raw;
}

/** Lays out the stages' attempts; stages keep their order within a group, groups ascend. */
export function layoutTimeline(
  stages: readonly TimelineStageInput[],
  options: TimelineOptions,
): TimelineLayout {
  const now = options.nowMs;
  const bars = stages.map((stage) => {
    const waits = stage.waits.map((w) => closed(w, now));
    return stage.attempts
      .filter((a): a is TimelineAttemptInput & { startMs: number } => a.startMs !== null)
      .map((a) => {
        const span = closed({ startMs: a.startMs, endMs: a.endMs }, now);
        const inside = waits
          .map((w) => ({
            startMs: Math.max(w.startMs, span.startMs),
            endMs: Math.min(w.endMs, span.endMs),
          }))
          .filter((w) => w.endMs > w.startMs);
        return { attempt: a, span, waits: inside };
      });
  });
  const flat = bars.flat();
  if (flat.length === 0) return { groups: [], gaps: [], startMs: now, endMs: now, totalMs: 0 };
  const working = flat.flatMap((b) => subtract(b.span, b.waits));
  const points = [
    ...new Set(
      flat.flatMap((b) => [
        b.span.startMs,
        b.span.endMs,
        ...b.waits.flatMap((w) => [w.startMs, w.endMs]),
      ]),
    ),
  ].sort((x, y) => x - y);
  const waiting = flat.flatMap((b) => b.waits);
  const segments = buildSegments(points, working, waiting, options);
  const totalUnits = segments.reduce((sum, s) => sum + s.units, 0);
  const position = (t: number): number => {
    if (totalUnits === 0) return 0;
    let units = 0;
    for (const s of segments) {
      if (t >= s.endMs) units += s.units;
      else {
        if (t > s.startMs) units += s.gap ? s.units : t - s.startMs;
        break;
      }
    }
    return (units / totalUnits) * 100;
  };
  const place = (startMs: number, endMs: number): Placed => {
    const left = position(startMs);
    return { left, width: Math.max(0, position(endMs) - left) };
  };
  const startMs = points[0]!;
  const endMs = points[points.length - 1]!;
  const groups = new Map<number, TimelineRow[]>();
  stages.forEach((stage, i) => {
    const row: TimelineRow = {
      stageId: stage.stageId,
      stageName: stage.stageName,
      bars: (bars[i] ?? []).map(({ attempt, span, waits }) => ({
        attempt: attempt.attempt,
        outcome: attempt.outcome,
        startMs: span.startMs,
        endMs: span.endMs,
        durationMs: span.endMs - span.startMs,
        ...place(span.startMs, span.endMs),
        waits: waits.map((w) => place(w.startMs, w.endMs)),
      })),
    };
    const rows = groups.get(stage.groupIndex) ?? [];
    rows.push(row);
    groups.set(stage.groupIndex, rows);
  });
  return {
    groups: [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([groupIndex, rows]) => ({ groupIndex, rows })),
    gaps: segments
      .filter((s) => s.gap)
      .map((s) => ({
        startMs: s.startMs,
        endMs: s.endMs,
        durationMs: s.endMs - s.startMs,
        ...place(s.startMs, s.endMs),
      })),
    startMs,
    endMs,
    totalMs: endMs - startMs,
  };
}
