import type { AiCall } from "../../api/types";
import { formatCost, formatDuration, formatTokens } from "../../lib/format";

/** A stage's AI calls: model, tokens, cost, and marks for batch and memoized calls. */
export function AiCallsTable({ calls, caption }: { calls: AiCall[]; caption: string }) {
  if (calls.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="ai-calls">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Input tokens
            </th>
            <th scope="col" className="num">
              Output tokens
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr
              key={`${call.createdAt}|${call.provider}|${call.model}|${call.topic}|${call.inputTokens}|${call.outputTokens}`}
              data-testid="ai-call"
            >
              <td>
                <span className="mono">
                  {call.provider}/{call.model}
                </span>
                {call.cached && <span className="badge badge-muted">cached</span>}
                {call.batch && <span className="badge badge-muted">batch</span>}
              </td>
              <td>{call.kind}</td>
              <td className="num">{formatTokens(call.inputTokens)}</td>
              <td className="num">{formatTokens(call.outputTokens)}</td>
              <td className="num">{formatCost(call.cost)}</td>
              <td className="num">{formatDuration(call.durationMs)}</td>
              <td>{call.status === "failed" ? `failed: ${call.error ?? ""}` : "ok"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
