import type { Costs } from "../../api/types";
import { formatCost, formatTokens } from "../../lib/format";

/** Calls, tokens and cost per workflow over the range, with a total row. */
export function CostsTable({ rows }: { rows: Costs["byWorkflow"] }) {
  const total = rows.reduce(
    (t, r) => ({
      calls: t.calls + r.calls,
      inputTokens: t.inputTokens + r.inputTokens,
      outputTokens: t.outputTokens + r.outputTokens,
      cost: t.cost + r.cost,
    }),
    { calls: 0, inputTokens: 0, outputTokens: 0, cost: 0 },
  );
  return (
    <div className="table-wrap">
      <table className="table" data-testid="costs-table">
        <caption className="visually-hidden">Cost per workflow</caption>
        <thead>
          <tr>
            <th scope="col">Workflow</th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Input tokens
            </th>
            <th scope="col" className="num">
              Output tokens
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.workflowId} data-testid="costs-row" data-workflow-id={r.workflowId}>
              <th scope="row">{r.workflowId}</th>
              <td className="num">{formatTokens(r.calls)}</td>
              <td className="num">{formatTokens(r.inputTokens)}</td>
              <td className="num">{formatTokens(r.outputTokens)}</td>
              <td className="num">{formatCost(r.cost)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No AI calls in this range.
              </td>
            </tr>
          )}
        </tbody>
        {rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{formatTokens(total.calls)}</td>
              <td className="num">{formatTokens(total.inputTokens)}</td>
              <td className="num">{formatTokens(total.outputTokens)}</td>
              <td className="num">{formatCost(total.cost)}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
