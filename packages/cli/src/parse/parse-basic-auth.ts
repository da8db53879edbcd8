import { usageError } from "../errors/cli-error";

/** Credentials of the dashboard's basic auth. */
export interface BasicAuthCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The dashboard's credentials: `--basic-auth user:password` (the password may contain ":"), else
 * `STAGEFLOW_DASHBOARD_PASSWORD` with `STAGEFLOW_DASHBOARD_USER` (default `admin`), else none.
 */
export function parseBasicAuth(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): BasicAuthCredentials | undefined {
  if (flag !== undefined) {
    const colon = flag.indexOf(":");
    if (colon <= 0 || colon === flag.length - 1) {
      throw usageError(
        `--basic-auth takes user:password (both non-empty); got "${flag.slice(0, 40)}"`,
      );
    }
    return { username: flag.slice(0, colon), password: flag.slice(colon + 1) };
  }
  const password = env.STAGEFLOW_DASHBOARD_PASSWORD;
  if (password === undefined || password === "") return undefined;
  return { username: env.STAGEFLOW_DASHBOARD_USER || "admin", password };
}
