import { RUN_STATUSES, type RunCounts } from "../../api/types";
import { formatCount } from "../../lib/format";

/** Counts of the matching runs per status; clicking one filters the list to that status. */
export function StatusCounts({
  counts,
  active,
  onPick,
}: {
  counts: RunCounts | undefined;
  active: string[];
  onPick: (status: string) => void;
}) {
  const statuses = [...RUN_STATUSES, ...Object.keys(counts?.byStatus ?? {})].filter(
    (s, i, all) => all.indexOf(s) === i,
  );
  return (
    <ul className="status-counts" aria-label="Run counts">
      <li className="status-count status-count-total">
        <span className="status-count-number">{counts ? formatCount(counts.total) : "…"}</span>{" "}
        total
      </li>
      {statuses.map((status) => (
        <li key={status}>
          <button
            type="button"
            className={`status-count status-${status.toLowerCase()}`}
            data-testid={`status-count-${status}`}
            aria-pressed={active.length === 1 && active[0] === status}
            onClick={() => onPick(status)}
          >
            {status}{" "}
            <span className="status-count-number">
              {counts ? formatCount(counts.byStatus[status] ?? 0) : "…"}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
