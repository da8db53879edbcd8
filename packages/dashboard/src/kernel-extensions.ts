import type { Kernel, RunQueryApi } from "@stageflow/kernel";

/** One row of `kernel.query.costsByDay`: the AI calls of one workflow on one UTC day. */
export interface CostDayRow {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string | Date;
  readonly workflowId: string;
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD. */
  readonly cost: number;
}

/** The query API with the AI cost roll-up the dashboard charts. */
export interface CostQueries {
  costsByDay(options: {
    readonly from: Date;
    readonly to: Date;
    readonly workflowId?: string;
  }): Promise<readonly CostDayRow[]>;
}

/** `kernel.query` with {@link CostQueries}. */
export function costQueries(kernel: Kernel): RunQueryApi & CostQueries {
  return kernel.query as RunQueryApi & CostQueries;
}
