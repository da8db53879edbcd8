import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { Hono } from "hono";
import type { DashboardContext } from "../dashboard-context";
import { ApiError } from "../http/api-error";
import { contentTypeOf } from "../ui/content-types";
import { renderIndexHtml } from "../ui/index-html";

function fileUrl(directory: string | URL, path: string): URL {
  const base = directory instanceof URL ? directory : pathToFileURL(directory);
  const href = base.href.endsWith("/") ? base.href : `${base.href}/`;
  return new URL(path, href);
}

/** Reads a file of the UI, or `undefined` when it does not exist. */
async function readUiFile(directory: string | URL, path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(fileUrl(directory, path));
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    if ((error as { code?: string }).code === "EISDIR") return undefined;
    throw error;
  }
}

/**
 * The prebuilt UI: `GET /assets/*` from the UI folder with immutable cache headers, every other
 * GET (not under `/api/`) the `index.html` with the page's config (client-side routes).
 */
export function registerUiRoutes(app: Hono, context: DashboardContext): void {
  let page: string | undefined;

  app.get("/assets/*", async (c) => {
    const prefix = `${context.basePath}/assets/`;
    const rest = decodeURIComponent(new URL(c.req.url).pathname.slice(prefix.length));
    const segments = rest.split("/");
    if (
      rest === "" ||
      segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\"))
    ) {
      throw new ApiError("NOT_FOUND", `No asset ${rest}.`);
    }
    const file = await readUiFile(
      context.uiDirectory,
      `assets/${segments.map(encodeURIComponent).join("/")}`,
    );
    if (file === undefined) throw new ApiError("NOT_FOUND", `No asset ${rest}.`);
    return new Response(new Uint8Array(file), {
      headers: {
        "content-type": contentTypeOf(rest),
        "cache-control": "public, max-age=31536000, immutable",
      },
    });
  });

  app.get("*", async (c) => {
    if (page === undefined) {
      const template = await readUiFile(context.uiDirectory, "index.html");
      if (template === undefined) {
        throw new ApiError(
          "INTERNAL",
          "The dashboard's UI is missing (no index.html): build @stageflow/dashboard, which copies the UI into dist/ui.",
        );
      }
      page = renderIndexHtml(template.toString("utf8"), {
        basePath: context.basePath,
        title: context.title,
      });
    }
    return c.html(page, 200, { "cache-control": "no-cache" });
  });
}
