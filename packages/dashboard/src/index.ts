/**
 * `@stageflow/dashboard` — the run dashboard of Stageflow: a Web-standard handler serving a JSON
 * API over the kernel's query API and commands, a live event stream (server-sent events polled
 * from the outbox, so it works across processes) and the prebuilt UI. Mount it in any app or run
 * it standalone (`serveDashboard`, or `stageflow dashboard` of `@stageflow/cli`).
 *
 * @example
 * ```ts
 * import { serveDashboard } from "@stageflow/dashboard";
 * import { createStageflow } from "@stageflow/engine";
 *
 * const sf = await createStageflow({ database: "sqlite:.stageflow/app.db", workflows: [] });
 * const dashboard = await serveDashboard({ kernel: sf.kernel, blobStore: sf.blobStore, readOnly: true });
 * console.log(`open ${dashboard.url}`);
 * ```
 *
 * @packageDocumentation
 */

export { createDashboard } from "./create-dashboard";
export type {
  Dashboard,
  DashboardActions,
  DashboardBasicAuth,
  DashboardOptions,
  DashboardWorkflow,
} from "./dashboard-options";
export type { ApiErrorBody, ApiErrorCode } from "./http/api-error";
export {
  type ServeDashboardOptions,
  type ServedDashboard,
  serveDashboard,
} from "./serve-dashboard";
export type { StreamEventData } from "./stream/stream-message";
export type { JsonPreview } from "./values/json-preview";
