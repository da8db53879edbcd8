import type { LogLine } from "../../api/types";
import { formatTime } from "../../lib/format";
import { LogMeta } from "./LogMeta";

/** Log lines with time and level; meta as compact JSON. */
export function LogList({ logs }: { logs: LogLine[] }) {
  if (logs.length === 0) return <p className="muted">No logs.</p>;
  return (
    <ol className="logs" data-testid="logs">
      {logs.map((log) => (
        <li key={log.id} className={`log log-${log.level.toLowerCase()}`}>
          <time dateTime={log.createdAt} className="muted">
            {formatTime(log.createdAt)}
          </time>{" "}
          <span className="log-level">{log.level}</span> <span>{log.message}</span>
          {log.meta && Object.keys(log.meta).length > 0 && <LogMeta meta={log.meta} />}
        </li>
      ))}
    </ol>
  );
}
