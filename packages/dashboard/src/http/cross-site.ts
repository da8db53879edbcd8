/**
 * The origins the request may come from: its URL's, and the one a reverse proxy reports with
 * `X-Forwarded-Proto` / `X-Forwarded-Host` (when it sets them).
 */
function ownOrigins(request: Request): string[] {
  const url = new URL(request.url);
  const origins = [url.origin];
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const host =
    request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() ?? request.headers.get("host");
  if (proto || host) origins.push(`${proto ?? url.protocol.slice(0, -1)}://${host ?? url.host}`);
  return origins;
}

/**
 * Why a write request looks cross-site, or `null` when it may proceed. A write must be
 * `Content-Type: application/json` (a form cannot send that without a CORS preflight), its
 * `Origin` (when present) must be the request's own origin, and `Sec-Fetch-Site` (when present)
 * must be `same-origin` or `none`.
 */
export function crossSiteProblem(request: Request): string | null {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return "write requests must have Content-Type: application/json";
  }
  const origin = request.headers.get("origin");
  if (origin !== null && !ownOrigins(request).includes(origin)) {
    return `the Origin ${origin} is not this dashboard's origin`;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    return `Sec-Fetch-Site is "${site}"; only same-origin requests may write`;
  }
  return null;
}
