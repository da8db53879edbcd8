import { readConfig } from "../config";
import { ApiError, toApiError } from "./api-error";

/** `${basePath}/api${path}`. */
export function apiUrl(path: string): string {
  return `${readConfig().basePath}/api${path}`;
}

async function send<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      ...init,
      headers: { Accept: "application/json", ...(init?.headers ?? {}) },
      credentials: "same-origin",
    });
  } catch (cause) {
    throw new ApiError("NETWORK", `The dashboard API is unreachable (${String(cause)}).`, 0);
  }
  const text = await response.text();
  let body: unknown = null;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

/** GET a JSON resource of the API. */
export function apiGet<T>(path: string): Promise<T> {
  return send<T>(path);
}

/** POST a JSON body to the API (always `application/json`, as its cross-site check requires). */
export function apiPost<T>(path: string, body: unknown): Promise<T> {
  return send<T>(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
}
