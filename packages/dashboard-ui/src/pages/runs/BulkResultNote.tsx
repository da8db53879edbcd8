import type { BulkResult } from "../../api/types";

/** What a bulk action did: matched, succeeded and the failures with their codes. */
export function BulkResultNote({
  result,
  onDismiss,
}: {
  result: BulkResult;
  onDismiss: () => void;
}) {
  return (
    <div role="status" className="note" data-testid="bulk-result">
      <p>
        {result.succeeded} of {result.matched} runs done
        {result.failed.length > 0 ? `, ${result.failed.length} refused:` : "."}
        <button type="button" className="button-link" onClick={onDismiss}>
          Dismiss
        </button>
      </p>
      {result.failed.length > 0 && (
        <ul>
          {result.failed.slice(0, 20).map((f) => (
            <li key={f.id}>
              <span className="mono">{f.id}</span>: {f.code} {f.message}
            </li>
          ))}
          {result.failed.length > 20 && <li>… and {result.failed.length - 20} more</li>}
        </ul>
      )}
    </div>
  );
}
