import type { StageAttempt } from "../../api/types";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDuration, formatTime } from "../../lib/format";

/** A stage's attempts, each with its outcome, times and failure (code, message, stack). */
export function AttemptList({ attempts }: { attempts: StageAttempt[] }) {
  if (attempts.length === 0) return <p className="muted">No attempt yet.</p>;
  return (
    <ol className="attempts">
      {attempts.map((a) => (
        <li
          key={`${a.attempt}-${a.startedAt ?? ""}`}
          data-testid="stage-attempt"
          data-attempt={a.attempt}
          data-outcome={a.outcome}
        >
          <div className="attempt-head">
            <strong>Attempt {a.attempt}</strong> <StatusBadge status={a.outcome.toUpperCase()} />{" "}
            <span className="muted">
              {formatTime(a.startedAt)} · {formatDuration(a.durationMs)}
              {a.willRetry && ` · retry ${a.retryAt ? `at ${formatTime(a.retryAt)}` : "scheduled"}`}
            </span>
          </div>
          {a.error && (
            <div className="attempt-error" data-testid="attempt-error">
              <p>
                {a.error.code && <code className="error-code">{a.error.code}</code>}{" "}
                {a.error.message}
              </p>
              {a.error.stack && (
                <details>
                  <summary>Stack</summary>
                  <pre className="stack">{a.error.stack}</pre>
                </details>
              )}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
