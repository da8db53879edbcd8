import type { RunStatus } from "@stageflow/engine";
import { usageError } from "../errors/cli-error";

const STATUSES: readonly RunStatus[] = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"];

/** Reads `--status` values (case-insensitive) as run statuses; a usage error for any other word. */
export function parseStatuses(values: readonly string[] | undefined): RunStatus[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values.map((value) => {
    const status = value.toUpperCase() as RunStatus;
    if (!STATUSES.includes(status)) {
      throw usageError(`--status takes ${STATUSES.join(", ")}; got "${value}"`);
    }
    return status;
  });
}
