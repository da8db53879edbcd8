import cliProgress from "cli-progress";
import type { ProgressNote, ProgressTracker, StageLine } from "./progress-tracker";

/** Where the display writes: `process.stdout` or a test's collector. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** A running display; `stop()` draws the last frame and detaches. */
export interface ProgressRenderer {
  stop(): void;
}

function describe(line: StageLine): string {
  const parts = [`${line.completed}/${line.total}`];
  if (line.suspended > 0) parts.push(`${line.suspended} waiting on batch`);
  if (line.failed > 0) parts.push(`${line.failed} failed`);
  if (line.latest) parts.push(line.latest);
  return parts.join(" · ");
}

/** `progress` (a fraction 0..1) as the bar's value out of 100. */
function percent(progress: number): number {
  return Math.round(Math.min(1, Math.max(0, progress)) * 100);
}

/**
 * Progress bars redrawn in place (a terminal), one per stage and one for the runs, drawn by
 * cli-progress.
 */
export function startBarRenderer(
  tracker: ProgressTracker,
  out: Output,
  intervalMs = 100,
): ProgressRenderer {
  const multibar = new cliProgress.MultiBar(
    {
      stream: out as unknown as NodeJS.WritableStream,
      format: "  {name} {bar} {detail}",
      barsize: 24,
      barCompleteChar: "█",
      barIncompleteChar: "░",
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
      fps: Math.max(1, Math.round(1000 / intervalMs)),
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  let runsBar: cliProgress.SingleBar | undefined;
  const draw = () => {
    for (const line of tracker.lines()) {
      const payload = { name: line.name.padEnd(14), detail: describe(line) };
      const bar = bars.get(line.stageId);
      if (bar) bar.update(percent(line.progress), payload);
      else bars.set(line.stageId, multibar.create(100, percent(line.progress), payload));
    }
    const counts = tracker.counts();
    const payload = {
      name: "runs".padEnd(14),
      detail: `${counts.completed}/${counts.total} completed, ${counts.failed} failed`,
    };
    // Created after the stage bars, so it is drawn last.
    runsBar ??= multibar.create(Math.max(1, counts.total), counts.completed, payload);
    runsBar.setTotal(Math.max(1, counts.total));
    runsBar.update(counts.completed, payload);
  };
  draw();
  const timer = setInterval(draw, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      draw();
      multibar.stop();
    },
  };
}

/** One plain line per lifecycle event (logs, CI, pipes). */
export function startLineRenderer(tracker: ProgressTracker, out: Output): ProgressRenderer {
  const started = Date.now();
  const unsubscribe = tracker.onNote((note: ProgressNote) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
    const where = `${note.documentId.padEnd(18)} ${(note.stageId ?? "").padEnd(10)}`;
    out.write(`[${seconds}s] ${where} ${note.text}\n`);
  });
  return { stop: unsubscribe };
}
