import { expect, test } from "../fixture/test";
import { runRow, runRows, stagePanel } from "../support/ui";

const WRITE_BUTTONS = ["Cancel run", "Retry run", "Rerun from stage"];
const BULK_BUTTONS = [
  "Cancel selected",
  "Retry selected",
  "Cancel all matching",
  "Retry all matching",
];

test.describe("read-only dashboard", () => {
  test("shows runs under its base path with no write button", async ({ page, env }) => {
    const { failed, running } = env.runs.view;
    await page.goto(`${env.urls.readOnly}/?field=metadata.suite&value=view`);
    await expect(runRows(page).first()).toBeVisible();
    await expect(runRow(page, failed)).toHaveAttribute("data-status", "FAILED");
    for (const name of BULK_BUTTONS)
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    await expect(page.getByLabel(`Select run ${failed}`)).toHaveCount(0);

    for (const id of [failed, running]) {
      await page.goto(`${env.urls.readOnly}/runs/${id}`);
      await expect(page.getByTestId("run-status")).toBeVisible();
      await expect(stagePanel(page, id === failed ? "transform" : "wait")).toBeVisible();
      for (const name of WRITE_BUTTONS)
        await expect(page.getByRole("button", { name })).toHaveCount(0);
    }

    await page.getByRole("link", { name: "Dead letters" }).click();
    await expect(page).toHaveURL(/\/ops\/stageflow\/dlq/);
    const dead = await env.sf.kernel.query.listDeadLetters({});
    await expect(page.getByTestId("dlq-row")).toHaveCount(dead.events.length);
    await expect(page.getByRole("button", { name: /^Replay/ })).toHaveCount(0);
  });

  test("meta says read-only and a POST is refused with 403 READ_ONLY, changing nothing", async ({
    request,
    env,
  }) => {
    const { running, failed } = env.runs.view;
    const meta = await request.get(`${env.urls.readOnly}/api/meta`);
    expect(meta.status()).toBe(200);
    expect(await meta.json()).toMatchObject({
      readOnly: true,
      actions: { cancel: false, rerun: false, retry: false, replay: false },
    });
    const attempts = [
      [`/api/runs/${running}/cancel`, {}],
      [`/api/runs/${failed}/retry`, {}],
      [`/api/runs/${failed}/rerun`, { fromStageId: "transform" }],
      ["/api/runs/bulk", { action: "cancel", ids: [running] }],
      ["/api/dlq/replay", {}],
    ] as const;
    for (const [path, data] of attempts) {
      const response = await request.post(`${env.urls.readOnly}${path}`, {
        data,
        headers: { "content-type": "application/json" },
      });
      expect(response.status(), path).toBe(403);
      expect((await response.json()).error.code, path).toBe("READ_ONLY");
    }
    expect(await (await env.sf.runs.get(running)).status()).toBe("RUNNING");
    expect(await (await env.sf.runs.get(failed)).status()).toBe("FAILED");
  });
});
