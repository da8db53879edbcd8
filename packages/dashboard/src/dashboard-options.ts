import type { BlobStore, Kernel } from "@stageflow/kernel";

/**
 * A workflow as the dashboard reads it: its id, name and execution plan (a `Workflow` of
 * `@stageflow/core` fits). Used for the stage lists of `GET /api/meta` and the rerun dialog.
 */
export interface DashboardWorkflow {
  readonly id: string;
  readonly name: string;
  /** Groups of stages, in plan order (1-based `index`). */
  getExecutionPlan(): readonly {
    readonly index: number;
    readonly stages: readonly { readonly id: string; readonly name: string }[];
  }[];
}

/** Per-action switches: each write is on unless set to `false`. */
export interface DashboardActions {
  /** `POST /api/runs/:id/cancel` and bulk cancel. */
  readonly cancel?: boolean;
  /** `POST /api/runs/:id/rerun` and bulk rerun. */
  readonly rerun?: boolean;
  /** `POST /api/runs/:id/retry` and bulk retry. */
  readonly retry?: boolean;
  /** `POST /api/dlq/replay`. */
  readonly replay?: boolean;
}

/** User name and password that every request must present (HTTP basic auth). */
export interface DashboardBasicAuth {
  readonly username: string;
  readonly password: string;
}

/** Options of `createDashboard`. Only `kernel` is required. */
export interface DashboardOptions {
  /** The kernel whose runs the dashboard shows and acts on (`sf.kernel` of `createStageflow`). */
  readonly kernel: Kernel;
  /** Workflows whose stage lists and names the UI shows (runs of others still list). */
  readonly workflows?: readonly DashboardWorkflow[];
  /**
   * Where stage outputs live (`sf.blobStore`): without it, stage inputs and outputs show as
   * `null` and their downloads answer 404.
   */
  readonly blobStore?: BlobStore;
  /** The path the dashboard is mounted under, e.g. `"/admin/sf"`. Default `""` (the root). */
  readonly basePath?: string;
  /** Refuse every write (403 `READ_ONLY`); the UI hides its write buttons. Default false. */
  readonly readOnly?: boolean;
  /** Turn single writes off (403 `ACTION_DISABLED`). Each defaults to true. */
  readonly actions?: DashboardActions;
  /**
   * Called for every request (after basic auth, when set, and before anything else): `true` lets
   * it through, `false` answers 403 `FORBIDDEN`, a `Response` is returned as is (e.g. a redirect
   * to your login page).
   */
  readonly authorize?: (request: Request) => boolean | Response | Promise<boolean | Response>;
  /** Require these credentials (401 with `WWW-Authenticate` otherwise). */
  readonly basicAuth?: DashboardBasicAuth;
  /** Shown in the UI's header and the page title. Default `"Stageflow"`. */
  readonly title?: string;
  /** How often (ms) `GET /api/stream` reads new outbox events. Default 1 000. */
  readonly pollIntervalMs?: number;
}

/** A web-standard request handler. */
export interface Dashboard {
  /** Answers one request (mount it in any server that speaks `Request` / `Response`). */
  fetch(request: Request): Promise<Response>;
}
