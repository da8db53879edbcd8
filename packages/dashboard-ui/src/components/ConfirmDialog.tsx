import type { ReactNode } from "react";
import { Dialog } from "./Dialog";
import { ErrorAlert } from "./ErrorAlert";

/** A confirmation dialog: a message, an error if the action failed, "Confirm" and "Close". */
export function ConfirmDialog({
  title,
  children,
  onConfirm,
  onClose,
  busy,
  error,
  canConfirm = true,
}: {
  title: string;
  children: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
  busy: boolean;
  error: unknown;
  canConfirm?: boolean;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">{children}</div>
      <ErrorAlert error={error} />
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="button-primary"
          onClick={onConfirm}
          disabled={busy || !canConfirm}
        >
          {busy ? "Working…" : "Confirm"}
        </button>
      </div>
    </Dialog>
  );
}
