import { ApiError } from "../api/api-error";

/** Shows an API error (code and message) in an alert region; nothing when `error` is empty. */
export function ErrorAlert({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : "ERROR";
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="alert" data-testid="error-alert">
      <strong className="alert-code">{code}</strong> <span>{message}</span>
      {onDismiss && (
        <button type="button" className="button-link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
