import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestKernel } from "@stageflow/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createDashboard } from "../src/create-dashboard";
import type { DashboardOptions } from "../src/dashboard-options";

const TEMPLATE = `<!doctype html><html><head><!--stageflow-config--><title>Stageflow</title><script type="module" src="./assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>`;

/** A UI build in a temporary folder, as packages/dashboard-ui/dist looks. */
function uiFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "sf-dashboard-ui-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), TEMPLATE);
  writeFileSync(join(dir, "assets", "app-abc123.js"), "console.log('ui');");
  writeFileSync(join(dir, "assets", "app-abc123.css"), "body{}");
  writeFileSync(join(dir, "secret.txt"), "not an asset");
  return dir;
}

const dir = uiFixture();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dashboardWith(options: Partial<DashboardOptions> & { uiDirectory?: string }) {
  const { kernel } = createTestKernel({ workflows: [] });
  return createDashboard({ kernel, uiDirectory: dir, ...options } as DashboardOptions);
}

describe("serving the UI", () => {
  it("serves index.html with the base href and config for every non-API GET", async () => {
    const dashboard = dashboardWith({ basePath: "/admin/sf/", title: "Ops </script><b>" });
    for (const path of [
      "/admin/sf",
      "/admin/sf/",
      "/admin/sf/runs/abc",
      "/admin/sf/dlq",
      "/admin/sf/costs?x=1",
    ]) {
      const response = await dashboard.fetch(new Request(`http://x.test${path}`));
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).not.toContain("<!--stageflow-config-->");
      expect(html).toContain(
        '<base href="/admin/sf/"><script>window.__STAGEFLOW__={"basePath":"/admin/sf","title":"Ops \\u003c/script>\\u003cb>"}</script>',
      );
      expect(html).toContain("<title>Ops &lt;/script&gt;&lt;b&gt;</title>");
    }
  });

  it("serves assets with immutable cache headers and refuses paths outside assets/", async () => {
    const dashboard = dashboardWith({ basePath: "/sf" });
    const js = await dashboard.fetch(new Request("http://x.test/sf/assets/app-abc123.js"));
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await js.text()).toBe("console.log('ui');");
    const css = await dashboard.fetch(new Request("http://x.test/sf/assets/app-abc123.css"));
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    for (const path of ["/sf/assets/missing.js", "/sf/assets/..%2Fsecret.txt", "/sf/assets/"]) {
      const response = await dashboard.fetch(new Request(`http://x.test${path}`));
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).not.toContain("not an asset");
    }
    // URL parsing resolves an encoded "../" before routing: the page, never the file, answers.
    const dotted = await dashboard.fetch(new Request("http://x.test/sf/assets/%2E%2E/secret.txt"));
    expect(await dotted.text()).toContain('<div id="root">');
  });

  it("mounts the API under the base path and answers 404 outside it", async () => {
    const dashboard = dashboardWith({ basePath: "/sf" });
    const meta = await dashboard.fetch(new Request("http://x.test/sf/api/meta"));
    expect(((await meta.json()) as { basePath: string }).basePath).toBe("/sf");
    const outside = await dashboard.fetch(new Request("http://x.test/api/meta"));
    expect(outside.status).toBe(404);
    const unknownApi = await dashboard.fetch(new Request("http://x.test/sf/api/nope"));
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get("content-type")).toMatch(/^application\/json/);
    const post = await dashboard.fetch(
      new Request("http://x.test/sf/runs", {
        method: "POST",
        headers: { "content-type": "application/json" },
      }),
    );
    expect(post.status).toBe(404);
  });

  it("answers 500 with a clear message when the UI build is missing", async () => {
    const dashboard = dashboardWith({ uiDirectory: join(dir, "nowhere") });
    const response = await dashboard.fetch(new Request("http://x.test/"));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /UI is missing/,
    );
  });

  it("refuses options that cannot work", () => {
    const { kernel } = createTestKernel({ workflows: [] });
    expect(() => createDashboard({ kernel, basePath: "admin" })).toThrow(/basePath/);
    expect(() => createDashboard({ kernel, basePath: '/a"b' })).toThrow(/basePath/);
    expect(() => createDashboard({ kernel, pollIntervalMs: 0 })).toThrow(/pollIntervalMs/);
    expect(() => createDashboard({ kernel, basicAuth: { username: "a", password: "" } })).toThrow(
      /basicAuth/,
    );
    expect(() => createDashboard({} as DashboardOptions)).toThrow(/kernel/);
  });
});
