import type { BlobStore, Kernel } from "@stageflow/kernel";
import type { DashboardOptions, DashboardWorkflow } from "./dashboard-options";

/** The four write actions. */
export type DashboardAction = "cancel" | "rerun" | "retry" | "replay";

/** The options of a dashboard with every default applied. */
export interface DashboardContext {
  readonly kernel: Kernel;
  readonly blobStore: BlobStore | undefined;
  readonly workflows: readonly DashboardWorkflow[];
  /** `""` or a path starting with `/`, without a trailing slash. */
  readonly basePath: string;
  readonly readOnly: boolean;
  /** Whether each action is allowed (all false when read-only). */
  readonly actions: Readonly<Record<DashboardAction, boolean>>;
  readonly title: string;
  readonly pollIntervalMs: number;
  /** The folder of the prebuilt UI (`index.html`, `assets/`). */
  readonly uiDirectory: string | URL;
}

/**
 * Internal options (not part of the public API): `uiDirectory` overrides the folder of the
 * prebuilt UI (tests and the development server use it).
 */
export interface InternalDashboardOptions extends DashboardOptions {
  readonly uiDirectory?: string | URL;
}

function normalizeBasePath(path: string | undefined): string {
  const trimmed = (path ?? "").trim().replace(/\/+$/, "");
  if (trimmed === "") return "";
  if (!trimmed.startsWith("/") || /[?#\s"'<>\\]/.test(trimmed)) {
    throw new TypeError(
      `createDashboard: basePath must start with "/" and contain no "?", "#" or spaces, got ${JSON.stringify(path)}`,
    );
  }
  return trimmed;
}

/** Checks `options` and applies the defaults. */
export function resolveContext(options: InternalDashboardOptions): DashboardContext {
  if (typeof options !== "object" || options === null || typeof options.kernel !== "object") {
    throw new TypeError("createDashboard: options.kernel is required (e.g. sf.kernel)");
  }
  const poll = options.pollIntervalMs ?? 1000;
  if (!Number.isFinite(poll) || poll < 10) {
    throw new TypeError("createDashboard: pollIntervalMs must be a number >= 10");
  }
  const auth = options.basicAuth;
  if (auth !== undefined && (typeof auth.username !== "string" || !auth.password)) {
    throw new TypeError("createDashboard: basicAuth needs a username and a non-empty password");
  }
  const readOnly = options.readOnly === true;
  const allowed = (flag: boolean | undefined) => !readOnly && flag !== false;
  return {
    kernel: options.kernel,
    blobStore: options.blobStore,
    workflows: options.workflows ?? [],
    basePath: normalizeBasePath(options.basePath),
    readOnly,
    actions: {
      cancel: allowed(options.actions?.cancel),
      rerun: allowed(options.actions?.rerun),
      retry: allowed(options.actions?.retry),
      replay: allowed(options.actions?.replay),
    },
    title: options.title ?? "Stageflow",
    pollIntervalMs: poll,
    uiDirectory: options.uiDirectory ?? new URL("./ui/", import.meta.url),
  };
}
