import ms from "ms";
import pc from "picocolors";

/** "3m ago", "in 20s", or "—" for no date: how tables show times. */
export function relativeTime(date: Date | null | undefined, now: Date = new Date()): string {
  if (!date) return "—";
  const delta = now.getTime() - date.getTime();
  if (Math.abs(delta) < 1000) return "just now";
  return delta >= 0 ? `${ms(delta)} ago` : `in ${ms(-delta)}`;
}

/** A duration in milliseconds as people read it ("850ms", "2.4s", "3m"), or "—". */
export function humanDuration(durationMs: number | null | undefined): string {
  if (durationMs === null || durationMs === undefined) return "—";
  if (durationMs < 1000) return `${Math.round(durationMs)}ms`;
  if (durationMs < 60_000) return `${(durationMs / 1000).toFixed(1)}s`;
  return ms(Math.round(durationMs));
}

/** A cost in US dollars, "—" when none was recorded. */
export function humanCost(costUsd: number | null | undefined): string {
  if (!costUsd) return "—";
  return costUsd < 0.01 ? `$${costUsd.toFixed(4)}` : `$${costUsd.toFixed(2)}`;
}

/** A status, coloured by what it means (colours follow NO_COLOR / FORCE_COLOR). */
export function colourStatus(status: string): string {
  switch (status) {
    case "COMPLETED":
      return pc.green(status);
    case "FAILED":
      return pc.red(status);
    case "CANCELLED":
      return pc.yellow(status);
    case "RUNNING":
    case "SUSPENDED":
      return pc.cyan(status);
    default:
      return pc.dim(status);
  }
}
