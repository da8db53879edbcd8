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

const BAR_WIDTH = 24;

function bar(progress: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * BAR_WIDTH);
  return `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
}

function describe(line: StageLine): string {
  const parts = [`${line.completed}/${line.total}`];
  if (line.suspended > 0) parts.push(`${line.suspended} waiting on batch`);
  if (line.failed > 0) parts.push(`${line.failed} failed`);
  if (line.latest) parts.push(line.latest);
  return parts.join(" · ");
}

/** Progress bars redrawn in place (a terminal). */
export function startBarRenderer(
  tracker: ProgressTracker,
  out: Output,
  intervalMs = 100,
): ProgressRenderer {
  let drawn = 0;
  const width = Math.max(40, (out.columns || 100) - 1);
  const draw = () => {
    const lines = tracker.lines().map((line) => {
      const text = `  ${line.name.padEnd(14)} ${bar(line.progress)} ${describe(line)}`;
      return text.length > width ? `${text.slice(0, width - 1)}…` : text;
    });
    const runs = tracker.counts();
    lines.push(`  runs: ${runs.completed}/${runs.total} completed, ${runs.failed} failed`);
    const up = drawn > 0 ? `\x1b[${drawn}A` : "";
    out.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join("\n")}\n`);
    drawn = lines.length;
  };
  draw();
  const timer = setInterval(draw, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      draw();
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
