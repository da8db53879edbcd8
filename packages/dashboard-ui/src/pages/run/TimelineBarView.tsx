import { formatDuration } from "../../lib/format";
import type { TimelineBar } from "../../lib/timeline-layout";

/** One attempt's bar, with its waiting parts hatched and a text alternative. */
export function TimelineBarView({ stageId, bar }: { stageId: string; bar: TimelineBar }) {
  const text = `Attempt ${bar.attempt}: ${bar.outcome}, ${formatDuration(bar.durationMs)}`;
  return (
    <div
      className={`timeline-bar outcome-${bar.outcome}`}
      data-testid="timeline-bar"
      data-stage-id={stageId}
      data-attempt={bar.attempt}
      data-outcome={bar.outcome}
      title={text}
      style={{ left: `${bar.left}%`, width: `max(${bar.width}%, 3px)` }}
    >
      {bar.waits.map((w) => (
        <span
          key={w.left}
          className="timeline-wait"
          aria-hidden="true"
          style={{
            left: `${bar.width === 0 ? 0 : ((w.left - bar.left) / bar.width) * 100}%`,
            width: `${bar.width === 0 ? 0 : (w.width / bar.width) * 100}%`,
          }}
        />
      ))}
      <span className="visually-hidden">{text}</span>
    </div>
  );
}
