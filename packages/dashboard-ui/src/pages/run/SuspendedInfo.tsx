import type { StageView } from "../../api/types";
import { batchRequestCounts } from "../../lib/batch-counts";
import { formatDuration, formatTime, formatTokens } from "../../lib/format";

/** What a suspended batch stage waits for: provider, batch id, request counts, next poll, deadline. */
export function SuspendedInfo({ stage }: { stage: StageView }) {
  const s = stage.suspended;
  if (!s) return null;
  const counts = batchRequestCounts(stage.suspendedState);
  return (
    <dl className="kv" data-testid="suspended-info">
      <div>
        <dt>Provider</dt>
        <dd>{s.provider ?? "—"}</dd>
      </div>
      <div>
        <dt>Batch id</dt>
        <dd className="mono">{s.batchId ?? "—"}</dd>
      </div>
      {counts.length > 0 && (
        <div>
          <dt>Requests</dt>
          <dd>{counts.map(([k, v]) => `${k}: ${formatTokens(v)}`).join(", ")}</dd>
        </div>
      )}
      {s.submittedAt && (
        <div>
          <dt>Submitted</dt>
          <dd>{formatTime(s.submittedAt)}</dd>
        </div>
      )}
      <div>
        <dt>Next poll</dt>
        <dd>
          {formatTime(s.nextPollAt)}
          {s.pollIntervalMs !== null && (
            <span className="muted"> (every {formatDuration(s.pollIntervalMs)})</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Deadline</dt>
        <dd>{formatTime(s.deadline)}</dd>
      </div>
    </dl>
  );
}
