import { useMemo } from "react";
import type { RunDetail } from "../../api/types";
import { formatDuration, formatTime } from "../../lib/format";
import { stageWaits } from "../../lib/stage-waits";
import { layoutTimeline } from "../../lib/timeline-layout";
import { TimelineBarView } from "./TimelineBarView";

function ms(iso: string | null): number | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * The run's timeline: a row per stage, grouped by execution group (parallel stages side by
 * side), a bar per attempt; long idle stretches drawn as hatched gaps with their real duration.
 */
export function Timeline({
  detail,
  nowMs,
  live,
}: {
  detail: RunDetail;
  nowMs: number;
  live: boolean;
}) {
  const layout = useMemo(
    () =>
      layoutTimeline(
        detail.stages.map((s) => ({
          stageId: s.stageId,
          stageName: s.stageName,
          groupIndex: s.groupIndex,
          attempts: s.attempts.map((a) => ({
            attempt: a.attempt,
            outcome: a.outcome,
            startMs: ms(a.startedAt),
            endMs: ms(a.endedAt),
          })),
          waits: stageWaits(detail.events, s.stageId),
        })),
        { nowMs },
      ),
    [detail, nowMs],
  );
  return (
    <section className="timeline-section" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <div className="timeline" data-testid="timeline">
        {layout.groups.length === 0 && <p className="muted">No stage has started yet.</p>}
        {layout.groups.length > 0 && (
          <p className="muted timeline-span">
            {formatDuration(layout.totalMs)} from first start to {live ? "now" : "last end"}
            {layout.gaps.length > 0 && " · hatched: idle time, compressed"}
          </p>
        )}
        {layout.groups.map((group) => (
          <div key={group.groupIndex} className="timeline-group">
            <div className="timeline-group-label">Group {group.groupIndex}</div>
            {group.rows.map((row) => (
              <div key={row.stageId} className="timeline-row">
                <div className="timeline-label" title={row.stageId}>
                  {row.stageName}
                </div>
                <div className="timeline-track">
                  {layout.gaps.map((gap) => (
                    <div
                      key={gap.startMs}
                      className="timeline-gap-column"
                      aria-hidden="true"
                      style={{ left: `${gap.left}%`, width: `${gap.width}%` }}
                    />
                  ))}
                  {row.bars.map((bar) => (
                    <TimelineBarView
                      key={`${bar.attempt}-${bar.startMs}`}
                      stageId={row.stageId}
                      bar={bar}
                    />
                  ))}
                </div>
              </div>
            ))}
          </div>
        ))}
        {layout.gaps.length > 0 && (
          <div className="timeline-row timeline-gaps">
            <div className="timeline-label">Idle</div>
            <div className="timeline-track">
              {layout.gaps.map((gap) => (
                <div
                  key={gap.startMs}
                  className="timeline-gap"
                  data-testid="timeline-gap"
                  data-duration-ms={gap.durationMs}
                  title={`Idle for ${formatDuration(gap.durationMs)}`}
                  style={{ left: `${gap.left}%`, width: `${gap.width}%` }}
                >
                  <span className="timeline-gap-label">{formatDuration(gap.durationMs)}</span>
                </div>
              ))}
            </div>
          </div>
        )}
        {layout.groups.length > 0 && (
          <div className="timeline-row timeline-axis">
            <div />
            <div className="timeline-axis-labels muted">
              <time dateTime={new Date(layout.startMs).toISOString()}>
                {formatTime(new Date(layout.startMs).toISOString())}
              </time>
              <span>{live ? "now" : formatTime(new Date(layout.endMs).toISOString())}</span>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
