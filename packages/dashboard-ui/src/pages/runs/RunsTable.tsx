import { Link } from "wouter";
import type { RunSummary } from "../../api/types";
import { StatusBadge } from "../../components/StatusBadge";
import { formatCost, formatDuration, formatTime, formatTokens } from "../../lib/format";
import { metadataPairs } from "../../lib/metadata-text";

function runProblem(run: RunSummary): string {
  if (run.error) return `${run.error.code ? `${run.error.code}: ` : ""}${run.error.message}`;
  return run.cancelReason ? `cancelled: ${run.cancelReason}` : "";
}

/** The runs table with a checkbox per row and "Select all" for the loaded rows. */
export function RunsTable({
  runs,
  selected,
  onSelect,
  selectable,
}: {
  runs: RunSummary[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  selectable: boolean;
}) {
  const allSelected = runs.length > 0 && runs.every((r) => selected.has(r.id));
  return (
    <div className="table-wrap">
      <table data-testid="runs-table" className="table">
        <caption className="visually-hidden">Runs, newest first</caption>
        <thead>
          <tr>
            {selectable && (
              <th scope="col" className="col-check">
                <input
                  type="checkbox"
                  aria-label="Select all"
                  checked={allSelected}
                  disabled={runs.length === 0}
                  onChange={(e) =>
                    onSelect(
                      runs.map((r) => r.id),
                      e.currentTarget.checked,
                    )
                  }
                />
              </th>
            )}
            <th scope="col">Run</th>
            <th scope="col">Workflow</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              Tokens
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Metadata</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
              {selectable && (
                <td className="col-check">
                  <input
                    type="checkbox"
                    aria-label={`Select run ${run.id}`}
                    checked={selected.has(run.id)}
                    onChange={(e) => onSelect([run.id], e.currentTarget.checked)}
                  />
                </td>
              )}
              <td>
                <Link href={`/runs/${encodeURIComponent(run.id)}`} className="mono">
                  {run.id}
                </Link>
              </td>
              <td>{run.workflowId}</td>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td>
                <time dateTime={run.createdAt}>{formatTime(run.createdAt)}</time>
              </td>
              <td className="num">{formatDuration(run.durationMs)}</td>
              <td className="num">{formatTokens(run.totalTokens)}</td>
              <td className="num">{formatCost(run.totalCost)}</td>
              <td className="cell-meta">
                {metadataPairs(run.metadata).map((pair) => (
                  <code key={pair} className="meta-pair">
                    {pair}
                  </code>
                ))}
              </td>
              <td className="cell-error">{runProblem(run)}</td>
            </tr>
          ))}
          {runs.length === 0 && (
            <tr>
              <td colSpan={selectable ? 10 : 9} className="empty">
                No runs match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
