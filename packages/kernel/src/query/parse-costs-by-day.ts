import { InvalidQueryError } from "../errors/command-errors";
import type { AICostsByDayRequest } from "../ports/run-queries";
import { textField, timeField } from "./query-fields";
import type { CostsByDayOptions } from "./run-query-types";

/** The longest range `costsByDay` sums, in days. */
export const MAX_COST_DAYS = 3660;

const DAY_MS = 86_400_000;

/**
 * The validated port request of `costsByDay` options.
 *
 * @throws {@link InvalidQueryError} when `from` or `to` is missing or not a time, `from` is not
 * before `to`, the range is longer than {@link MAX_COST_DAYS} days, or `workflowId` is not a
 * short non-empty string.
 */
export function parseCostsByDay(options: CostsByDayOptions): AICostsByDayRequest {
  const query = "costsByDay";
  if (typeof options !== "object" || options === null) {
    throw new InvalidQueryError(query, "options", "must be an object { from, to, workflowId? }");
  }
  const from = timeField(query, "from", options.from);
  const to = timeField(query, "to", options.to);
  if (from === undefined) throw new InvalidQueryError(query, "from", "is required");
  if (to === undefined) throw new InvalidQueryError(query, "to", "is required");
  if (from.getTime() >= to.getTime()) {
    throw new InvalidQueryError(query, "from", "must be earlier than to (the range is [from, to))");
  }
  if (to.getTime() - from.getTime() > MAX_COST_DAYS * DAY_MS) {
    throw new InvalidQueryError(query, "to", `must be at most ${MAX_COST_DAYS} days after from`);
  }
  const workflowId = textField(query, "workflowId", options.workflowId);
  return { from, to, ...(workflowId === undefined ? {} : { workflowId }) };
}
