import type { RunDetail } from "../../api/types";
import { formatCost, formatCount, formatDuration } from "../../lib/format";

/** The run's totals: duration, tokens (in / out) and cost. */
export function RunTotals({ detail }: { detail: RunDetail }) {
  const { totals } = detail;
  return (
    <dl className="totals" data-testid="run-totals">
      <div>
        <dt>Duration</dt>
        <dd>{formatDuration(totals.durationMs)}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>
          {formatCount(totals.inputTokens + totals.outputTokens)}{" "}
          <span className="muted">
            ({formatCount(totals.inputTokens)} in / {formatCount(totals.outputTokens)} out)
          </span>
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{formatCost(totals.cost)}</dd>
      </div>
      <div>
        <dt>AI calls</dt>
        <dd>{formatCount(detail.aiCalls.length)}</dd>
      </div>
    </dl>
  );
}
