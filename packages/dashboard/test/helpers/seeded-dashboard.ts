import { createStageflow, type Stageflow } from "@stageflow/engine";
import { afterAll, beforeAll } from "vitest";
import { createDashboard } from "../../src/create-dashboard";
import type { Dashboard, DashboardOptions } from "../../src/dashboard-options";
import { WORKFLOWS } from "../fixtures/workflows";
import type { TestDatabase } from "./databases";
import { type SeededRuns, seed } from "./seed";

/** The origin test requests are made to. */
export const ORIGIN = "http://dashboard.test";

/** A seeded database, a client on it and a dashboard over the client's kernel. */
export interface SeededDashboard {
  readonly db: TestDatabase;
  readonly runs: SeededRuns;
  /** A client (no worker) on the database: the dashboard's kernel is `sf.kernel`. */
  readonly sf: Stageflow;
  readonly dashboard: Dashboard;
  /** Another dashboard over the same client with other options. */
  with(options: Partial<DashboardOptions>): Dashboard;
  /** `GET path` (or any method with `init`) and the parsed JSON body. */
  call<T = unknown>(path: string, init?: RequestInit, on?: Dashboard): Promise<Reply<T>>;
  /** `POST path` with a JSON body, as the UI sends it. */
  post<T = unknown>(path: string, body: unknown, on?: Dashboard): Promise<Reply<T>>;
}

/** A status and a parsed JSON body. */
export interface Reply<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** The body of an error answer. */
export interface ErrorReply {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** Seeds a database of `open()` once for the file and opens a dashboard on it. */
export function useSeededDashboard(open: () => Promise<TestDatabase>): SeededDashboard {
  const state = {} as { -readonly [K in keyof SeededDashboard]: SeededDashboard[K] };
  beforeAll(async () => {
    state.db = await open();
    state.runs = await seed(state.db.url);
    state.sf = await createStageflow({
      database: state.db.url,
      workflows: WORKFLOWS,
      worker: false,
      migrate: false,
    });
    const base: DashboardOptions = {
      kernel: state.sf.kernel,
      blobStore: state.sf.blobStore,
      workflows: WORKFLOWS,
      title: "Test dashboard",
    };
    state.dashboard = createDashboard(base);
    state.with = (options) => createDashboard({ ...base, ...options });
  });
  afterAll(async () => {
    await state.sf?.close();
    await state.db?.cleanup();
  });
  const call = async <T>(path: string, init?: RequestInit, on?: Dashboard): Promise<Reply<T>> => {
    const response = await (on ?? state.dashboard).fetch(new Request(`${ORIGIN}${path}`, init));
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: body as T };
  };
  return {
    get db() {
      return state.db;
    },
    get runs() {
      return state.runs;
    },
    get sf() {
      return state.sf;
    },
    get dashboard() {
      return state.dashboard;
    },
    with: (options) => state.with(options),
    call,
    post: (path, body, on) =>
      call(
        path,
        {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN },
          body: JSON.stringify(body),
        },
        on,
      ),
  };
}
