import type { RunDetail } from "../../api/types";
import { formatCost, formatDuration, formatTokens } from "../../lib/format";

/** The run's totals: duration (so far, while it runs), tokens (in / out) and cost. */
export function RunTotals({
  detail,
  nowMs,
  active,
}: {
  detail: RunDetail;
  nowMs: number;
  active: boolean;
}) {
  const { totals, run } = detail;
  const started = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
  const running = active && !run.completedAt && !Number.isNaN(started);
  return (
    <dl className="totals" data-testid="run-totals">
      <div>
        <dt>Duration</dt>
        <dd>
          {running ? (
            <>
              {formatDuration(Math.max(0, nowMs - started))} <span className="muted">so far</span>
            </>
          ) : (
            formatDuration(totals.durationMs)
          )}
        </dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>
          {formatTokens(totals.inputTokens + totals.outputTokens)}{" "}
          <span className="muted">
            ({formatTokens(totals.inputTokens)} in / {formatTokens(totals.outputTokens)} out)
          </span>
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{formatCost(totals.cost)}</dd>
      </div>
      <div>
        <dt>AI calls</dt>
        <dd>{formatTokens(detail.aiCalls.length)}</dd>
      </div>
    </dl>
  );
}
