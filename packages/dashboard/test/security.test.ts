import { describe, expect, it } from "vitest";
import { DIALECTS } from "./helpers/databases";
import { type ErrorReply, ORIGIN, useSeededDashboard } from "./helpers/seeded-dashboard";

describe.each(DIALECTS)("dashboard security on $name", (dialect) => {
  const t = useSeededDashboard(dialect.open);
  const status = async (id: string) => (await t.sf.persistence.getRun(id))?.status;
  const deadLetters = async () => (await t.sf.kernel.query.listDeadLetters()).events.length;

  it("read-only: meta says so, and every write is refused with 403 READ_ONLY, changing nothing", async () => {
    const readOnly = t.with({ readOnly: true });
    const meta = await t.call<{ readOnly: boolean; actions: Record<string, boolean> }>(
      "/api/meta",
      undefined,
      readOnly,
    );
    expect(meta.body.readOnly).toBe(true);
    expect(meta.body.actions).toEqual({ cancel: false, rerun: false, retry: false, replay: false });
    const writes: [string, unknown][] = [
      [`/api/runs/${t.runs.running}/cancel`, {}],
      [`/api/runs/${t.runs.failed}/retry`, {}],
      [`/api/runs/${t.runs.failed}/rerun`, { fromStageId: "count" }],
      ["/api/runs/bulk", { action: "cancel", ids: [t.runs.running] }],
      ["/api/runs/bulk", { action: "cancel", filter: { status: ["RUNNING"] } }],
      ["/api/dlq/replay", {}],
    ];
    for (const [path, body] of writes) {
      const reply = await t.post<ErrorReply>(path, body, readOnly);
      expect({ path, status: reply.status, code: reply.body.error.code }).toEqual({
        path,
        status: 403,
        code: "READ_ONLY",
      });
    }
    expect(await status(t.runs.running)).toBe("RUNNING");
    expect(await status(t.runs.failed)).toBe("FAILED");
    expect(await deadLetters()).toBe(1);
    const reads = await t.call<{ runs: unknown[] }>("/api/runs", undefined, readOnly);
    expect(reads.body.runs).toHaveLength(7);
  });

  it("per-action switches refuse only that action with 403 ACTION_DISABLED", async () => {
    const noCancel = t.with({ actions: { cancel: false, replay: false } });
    const meta = await t.call<{ actions: Record<string, boolean> }>(
      "/api/meta",
      undefined,
      noCancel,
    );
    expect(meta.body.actions).toEqual({ cancel: false, rerun: true, retry: true, replay: false });
    for (const [path, body] of [
      [`/api/runs/${t.runs.running}/cancel`, {}],
      ["/api/runs/bulk", { action: "cancel", ids: [t.runs.running] }],
      ["/api/dlq/replay", {}],
    ] as const) {
      const reply = await t.post<ErrorReply>(path, body, noCancel);
      expect({ path, status: reply.status, code: reply.body.error.code }).toEqual({
        path,
        status: 403,
        code: "ACTION_DISABLED",
      });
    }
    expect(await status(t.runs.running)).toBe("RUNNING");
    expect(await deadLetters()).toBe(1);
    // Another action still goes through to the kernel (which refuses a PENDING rerun: 409).
    const rerun = await t.post<ErrorReply>(
      `/api/runs/${t.runs.pending}/rerun`,
      { fromStageId: "extract" },
      noCancel,
    );
    expect(rerun.status).toBe(409);
  });

  it("authorize: false answers 403 FORBIDDEN, a Response is returned as is, true lets through", async () => {
    const seen: string[] = [];
    const dashboard = t.with({
      authorize: (request) => {
        seen.push(new URL(request.url).pathname);
        const who = request.headers.get("x-user");
        if (who === "admin") return true;
        if (who === null)
          return new Response(null, { status: 302, headers: { location: "/login" } });
        return false;
      },
    });
    const denied = await t.call<ErrorReply>(
      "/api/runs",
      { headers: { "x-user": "guest" } },
      dashboard,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("FORBIDDEN");
    const redirected = await dashboard.fetch(new Request(`${ORIGIN}/api/runs`));
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe("/login");
    const cancel = await dashboard.fetch(
      new Request(`${ORIGIN}/api/runs/${t.runs.running}/cancel`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-user": "guest" },
        body: "{}",
      }),
    );
    expect(cancel.status).toBe(403);
    expect(await status(t.runs.running)).toBe("RUNNING");
    const allowed = await t.call<{ runs: unknown[] }>(
      "/api/runs",
      { headers: { "x-user": "admin" } },
      dashboard,
    );
    expect(allowed.status).toBe(200);
    const asyncDenied = t.with({ authorize: async () => false });
    expect((await asyncDenied.fetch(new Request(`${ORIGIN}/api/meta`))).status).toBe(403);
    expect(seen).toContain("/api/runs");
  });

  it("basic auth: 401 with WWW-Authenticate without or with wrong credentials, 200 with the right ones", async () => {
    const dashboard = t.with({ basicAuth: { username: "ops", password: "s3cret:with-colon" } });
    const basic = (text: string) => ({ authorization: `Basic ${btoa(text)}` });
    const none = await dashboard.fetch(new Request(`${ORIGIN}/api/runs`));
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Basic realm="Test dashboard"/);
    expect(((await none.json()) as ErrorReply).error.code).toBe("UNAUTHORIZED");
    for (const headers of [
      basic("ops:wrong"),
      basic("ops:s3cret"),
      basic("other:s3cret:with-colon"),
      basic("ops"),
      { authorization: "Bearer abc" },
      { authorization: "Basic !!!" },
    ]) {
      const reply = await dashboard.fetch(new Request(`${ORIGIN}/api/runs`, { headers }));
      expect({ headers, status: reply.status }).toEqual({ headers, status: 401 });
    }
    const cancel = await dashboard.fetch(
      new Request(`${ORIGIN}/api/runs/${t.runs.running}/cancel`, {
        method: "POST",
        headers: { "content-type": "application/json", ...basic("ops:nope") },
        body: "{}",
      }),
    );
    expect(cancel.status).toBe(401);
    expect(await status(t.runs.running)).toBe("RUNNING");
    const ok = await dashboard.fetch(
      new Request(`${ORIGIN}/api/runs`, { headers: basic("ops:s3cret:with-colon") }),
    );
    expect(ok.status).toBe(200);
  });

  it("refuses cross-site writes with 403 CROSS_SITE_REQUEST, changing nothing", async () => {
    const attempts: Record<string, string>[] = [
      { "content-type": "text/plain" },
      { "content-type": "application/x-www-form-urlencoded" },
      {},
      { "content-type": "application/json", origin: "https://evil.example" },
      { "content-type": "application/json", origin: "http://dashboard.test:8080" },
      { "content-type": "application/json", "sec-fetch-site": "cross-site" },
      { "content-type": "application/json", "sec-fetch-site": "same-site" },
    ];
    for (const headers of attempts) {
      const reply = await t.dashboard.fetch(
        new Request(`${ORIGIN}/api/runs/${t.runs.running}/cancel`, {
          method: "POST",
          headers,
          body: "{}",
        }),
      );
      const body = (await reply.json()) as ErrorReply;
      expect({ headers, status: reply.status, code: body.error.code }).toEqual({
        headers,
        status: 403,
        code: "CROSS_SITE_REQUEST",
      });
    }
    expect(await status(t.runs.running)).toBe("RUNNING");
    // Same origin, no Origin header (curl), or Sec-Fetch-Site same-origin / none: allowed.
    for (const headers of [
      { "content-type": "application/json; charset=utf-8", "sec-fetch-site": "same-origin" },
      { "content-type": "application/json", "sec-fetch-site": "none" },
    ]) {
      const reply = await t.dashboard.fetch(
        new Request(`${ORIGIN}/api/runs/no-such-run/cancel`, {
          method: "POST",
          headers,
          body: "{}",
        }),
      );
      expect(reply.status).toBe(404);
    }
  });
});
