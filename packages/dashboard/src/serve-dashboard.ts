import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createDashboard } from "./create-dashboard";
import type { DashboardOptions } from "./dashboard-options";

/** Options of {@link serveDashboard}: the dashboard's, plus where to listen. */
export interface ServeDashboardOptions extends DashboardOptions {
  /** TCP port; `0` picks a free one. Default 4820. */
  readonly port?: number;
  /** Interface to bind. Default `"127.0.0.1"` (this machine only). */
  readonly host?: string;
}

/** A dashboard listening on a port. */
export interface ServedDashboard {
  /** Where it listens, e.g. `http://127.0.0.1:4820/` (with the base path). */
  readonly url: string;
  /** Stops listening and ends open streams. */
  close(): Promise<void>;
}

/**
 * Serves a dashboard on Node's `http` (through `@hono/node-server`), bound to 127.0.0.1:4820 by
 * default, and resolves once it listens.
 *
 * @example
 * ```ts
 * import { serveDashboard } from "@stageflow/dashboard";
 * import { createStageflow } from "@stageflow/engine";
 *
 * const sf = await createStageflow({ database: "sqlite:.stageflow/app.db", workflows: [] });
 * const { url, close } = await serveDashboard({ kernel: sf.kernel, blobStore: sf.blobStore });
 * console.log(`dashboard on ${url}`);
 * process.once("SIGINT", () => void close().then(() => sf.close()));
 * ```
 *
 * @throws the listen error (e.g. `EADDRINUSE`) when the port cannot be bound.
 */
export function serveDashboard(options: ServeDashboardOptions): Promise<ServedDashboard> {
  const { port = 4820, host = "127.0.0.1", ...dashboardOptions } = options;
  const dashboard = createDashboard(dashboardOptions);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: dashboard.fetch, port, hostname: host }, (info: AddressInfo) => {
      server.off("error", reject);
      const shownHost = info.family === "IPv6" ? `[${info.address}]` : info.address;
      const basePath = dashboardOptions.basePath?.replace(/\/+$/, "") ?? "";
      resolve({
        url: `http://${shownHost}:${info.port}${basePath}/`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
