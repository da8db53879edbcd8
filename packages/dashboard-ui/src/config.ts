/** What the server injects as `window.__STAGEFLOW__` into index.html. */
export interface StageflowConfig {
  /** Mount path without a trailing slash, "" at the root (e.g. "/admin/sf"). */
  basePath: string;
  /** The dashboard's title. */
  title: string;
}

declare global {
  interface Window {
    __STAGEFLOW__?: Partial<StageflowConfig>;
  }
}

/** Removes trailing slashes; "/" becomes "". */
export function normalizeBasePath(path: string | undefined): string {
  if (!path) return "";
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** The config of this page (defaults when served without the server, e.g. in `vite dev`). */
export function readConfig(): StageflowConfig {
  const injected = typeof window === "undefined" ? undefined : window.__STAGEFLOW__;
  return {
    basePath: normalizeBasePath(injected?.basePath),
    title: injected?.title || "Stageflow",
  };
}
