import { type DashboardWorkflow, serveDashboard } from "@stageflow/dashboard";
import type { Stageflow } from "@stageflow/engine";
import type { Output } from "../progress/progress-renderer";

/** The `dashboard` option of `runQuickstart`: serve the dashboard after the runs. */
export interface QuickstartDashboardOptions {
  /** Default 4820; `0` picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /**
   * Called with the dashboard's URL once it listens; the dashboard (and the worker, so reruns
   * from it execute) runs until the returned promise settles.
   */
  readonly served: (url: string) => Promise<void>;
}

/** The command that opens the dashboard on the demo's runs, printed after a plain `pnpm demo`. */
export const DASHBOARD_HINT = "Open these runs in the dashboard: pnpm demo --dashboard";

/**
 * Serves the dashboard on the demo's database, prints its URL, and keeps it up until
 * `options.served` settles; the demo's worker keeps running meanwhile.
 */
export async function serveQuickstartDashboard(
  sf: Stageflow,
  workflows: readonly DashboardWorkflow[],
  out: Output,
  options: QuickstartDashboardOptions,
): Promise<void> {
  const dashboard = await serveDashboard({
    kernel: sf.kernel,
    blobStore: sf.blobStore,
    workflows,
    title: "Stageflow quickstart",
    port: options.port ?? 4820,
    host: options.host ?? "127.0.0.1",
  });
  out.write(`\nDashboard: ${dashboard.url} (Ctrl-C stops it)\n`);
  try {
    await options.served(dashboard.url);
  } finally {
    await dashboard.close();
  }
}
