import { Link } from "wouter";
import type { OutboxEvent } from "../../api/types";
import { formatTime } from "../../lib/format";

/** The dead letters table, with a Replay button per row when replay is enabled. */
export function DlqTable({
  events,
  canReplay,
  busy,
  onReplay,
}: {
  events: OutboxEvent[];
  canReplay: boolean;
  busy: boolean;
  onReplay: (eventId: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="dlq-table">
        <caption className="visually-hidden">Dead-lettered events, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Type</th>
            <th scope="col">Run</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Retries
            </th>
            <th scope="col">Last error</th>
            {canReplay && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-testid="dlq-row" data-event-id={event.id}>
              <td className="mono">{event.id}</td>
              <td>
                <code>{event.type}</code>
              </td>
              <td>
                <Link href={`/runs/${encodeURIComponent(event.workflowRunId)}`} className="mono">
                  {event.workflowRunId}
                </Link>
              </td>
              <td>{formatTime(event.createdAt)}</td>
              <td className="num">{event.retryCount}</td>
              <td className="cell-error">{event.lastError ?? ""}</td>
              {canReplay && (
                <td>
                  <button type="button" onClick={() => onReplay(event.id)} disabled={busy}>
                    Replay
                  </button>
                </td>
              )}
            </tr>
          ))}
          {events.length === 0 && (
            <tr>
              <td colSpan={canReplay ? 7 : 6} className="empty">
                No dead letters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
