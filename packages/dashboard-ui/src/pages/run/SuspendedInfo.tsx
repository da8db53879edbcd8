import type { StageView } from "../../api/types";
import { formatDuration, formatTime } from "../../lib/format";

const COUNT_KEYS = [
  "requestCount",
  "requestCounts",
  "counts",
  "total",
  "succeeded",
  "failed",
  "processing",
];

function requestCounts(state: Record<string, unknown> | null): [string, string][] {
  if (!state) return [];
  const out: [string, string][] = [];
  for (const key of COUNT_KEYS) {
    const value = state[key];
    if (typeof value === "number") out.push([key, String(value)]);
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value))
        if (typeof v === "number") out.push([k, String(v)]);
    }
  }
  return out;
}

/** What a suspended batch stage waits for: provider, batch id, request counts, next poll, deadline. */
export function SuspendedInfo({ stage }: { stage: StageView }) {
  const s = stage.suspended;
  if (!s) return null;
  const counts = requestCounts(stage.suspendedState);
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
          <dd>{counts.map(([k, v]) => `${k}: ${v}`).join(", ")}</dd>
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
