import { expect, test } from "../fixture/test";

test("the read-write dashboard refuses cross-site writes with 403 CROSS_SITE_REQUEST", async ({
  request,
  env,
}) => {
  const id = env.runs.view.running;
  const url = `${env.urls.main}/api/runs/${id}/cancel`;
  const attempts: Array<{ name: string; headers: Record<string, string> }> = [
    {
      name: "another origin",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
    },
    { name: "a form post", headers: { "content-type": "text/plain" } },
    {
      name: "sec-fetch-site cross-site",
      headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
    },
  ];
  for (const { name, headers } of attempts) {
    const response = await request.post(url, { data: "{}", headers });
    expect(response.status(), name).toBe(403);
    expect((await response.json()).error.code, name).toBe("CROSS_SITE_REQUEST");
  }
  expect(await (await env.sf.runs.get(id)).status()).toBe("RUNNING");
});
