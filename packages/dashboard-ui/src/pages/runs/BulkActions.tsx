import type { Meta } from "../../api/types";
import type { BulkRequest } from "./BulkDialog";

/** The bulk action buttons the enabled actions allow. */
export function BulkActions({
  actions,
  selectedIds,
  onRequest,
}: {
  actions: Meta["actions"];
  selectedIds: string[];
  onRequest: (request: BulkRequest) => void;
}) {
  if (!actions.cancel && !actions.retry) return null;
  const none = selectedIds.length === 0;
  return (
    <div className="toolbar">
      <span className="muted">{selectedIds.length} selected</span>
      {actions.cancel && (
        <button
          type="button"
          disabled={none}
          onClick={() => onRequest({ action: "cancel", ids: selectedIds })}
        >
          Cancel selected
        </button>
      )}
      {actions.retry && (
        <button
          type="button"
          disabled={none}
          onClick={() => onRequest({ action: "retry", ids: selectedIds })}
        >
          Retry selected
        </button>
      )}
      {actions.cancel && (
        <button type="button" onClick={() => onRequest({ action: "cancel", ids: null })}>
          Cancel all matching
        </button>
      )}
      {actions.retry && (
        <button type="button" onClick={() => onRequest({ action: "retry", ids: null })}>
          Retry all matching
        </button>
      )}
    </div>
  );
}
