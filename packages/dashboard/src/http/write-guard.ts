import type { DashboardAction, DashboardContext } from "../dashboard-context";
import { ApiError } from "./api-error";

/** Throws 403 `READ_ONLY` or `ACTION_DISABLED` unless `action` is allowed. */
export function assertActionAllowed(context: DashboardContext, action: DashboardAction): void {
  if (context.readOnly) {
    throw new ApiError("READ_ONLY", "This dashboard is read-only: it refuses every write.");
  }
  if (!context.actions[action]) {
    throw new ApiError("ACTION_DISABLED", `The "${action}" action is disabled on this dashboard.`);
  }
}
