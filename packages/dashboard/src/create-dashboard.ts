import { Hono } from "hono";
import { type InternalDashboardOptions, resolveContext } from "./dashboard-context";
import type { Dashboard, DashboardOptions } from "./dashboard-options";
import { ApiError, errorResponse } from "./http/api-error";
import { hasBasicCredentials } from "./http/basic-auth";
import { crossSiteProblem } from "./http/cross-site";
import { toApiError } from "./http/kernel-error";
import { registerActionRoutes } from "./routes/action-routes";
import { registerBulkRoute } from "./routes/bulk-route";
import { registerCostsRoute } from "./routes/costs-route";
import { registerDlqRoutes } from "./routes/dlq-routes";
import { registerDownloadRoutes } from "./routes/download-routes";
import { registerMetaRoute } from "./routes/meta-route";
import { registerRunDetailRoute } from "./routes/run-detail-route";
import { registerRunsRoutes } from "./routes/runs-routes";
import { registerStreamRoute } from "./routes/stream-route";
import { registerUiRoutes } from "./routes/ui-routes";

/**
 * Creates the dashboard: a Web-standard `fetch(request)` handler serving the JSON API under
 * `{basePath}/api`, the live event stream `{basePath}/api/stream` and the prebuilt UI. Mount it in
 * any server that speaks `Request` / `Response` (Node `http` through `serveDashboard` or
 * `@hono/node-server`, Hono, Next.js route handlers, Bun, Deno).
 *
 * Every request passes basic auth (when `basicAuth` is set), then `authorize` (when given). Every
 * write (POST) must be allowed (`readOnly`, `actions`) and same-origin JSON (see docs/dashboard.md).
 *
 * @example
 * ```ts
 * import { createDashboard } from "@stageflow/dashboard";
 * import { createStageflow } from "@stageflow/engine";
 *
 * const sf = await createStageflow({ database: "sqlite:.stageflow/app.db", workflows: [] });
 * const dashboard = createDashboard({ kernel: sf.kernel, blobStore: sf.blobStore, readOnly: true });
 * const response = await dashboard.fetch(new Request("http://localhost/api/runs?status=FAILED"));
 * ```
 *
 * @throws `TypeError` for options that cannot work (no kernel, a bad basePath, …).
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  const context = resolveContext(options as InternalDashboardOptions);
  const app = new Hono({ strict: false });
  const root = context.basePath === "" ? app : app.basePath(context.basePath);

  app.onError((error, c) => {
    const apiError = toApiError(error);
    if (apiError.code === "INTERNAL") {
      // The answer says only that it failed; the operator needs the cause.
      console.error(
        `[stageflow dashboard] ${c.req.method} ${new URL(c.req.url).pathname} failed:`,
        error,
      );
    }
    return errorResponse(apiError.code, apiError.message, apiError.details);
  });

  app.notFound((c) =>
    errorResponse("NOT_FOUND", `No route ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );

  app.use("*", async (c, next) => {
    const request = c.req.raw;
    if (options.basicAuth && !(await hasBasicCredentials(request, options.basicAuth))) {
      return errorResponse(
        "UNAUTHORIZED",
        "This dashboard needs a user name and password.",
        undefined,
        {
          "www-authenticate": `Basic realm="${context.title.replace(/["\\]/g, "")}", charset="UTF-8"`,
        },
      );
    }
    if (options.authorize) {
      const verdict = await options.authorize(request);
      if (verdict instanceof Response) return verdict;
      if (verdict !== true) return errorResponse("FORBIDDEN", "You may not use this dashboard.");
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      const problem = crossSiteProblem(request);
      if (problem !== null) return errorResponse("CROSS_SITE_REQUEST", `Refused: ${problem}.`);
    }
    await next();
  });

  const api = new Hono({ strict: false });
  registerMetaRoute(api, context);
  registerRunsRoutes(api, context);
  registerBulkRoute(api, context);
  registerDownloadRoutes(api, context);
  registerRunDetailRoute(api, context);
  registerActionRoutes(api, context);
  registerDlqRoutes(api, context);
  registerCostsRoute(api, context);
  registerStreamRoute(api, context);
  api.all("*", (c) => {
    throw new ApiError("NOT_FOUND", `No API route ${c.req.method} ${new URL(c.req.url).pathname}.`);
  });
  root.route("/api", api);
  registerUiRoutes(root, context);

  return { fetch: async (request) => app.fetch(request) };
}
