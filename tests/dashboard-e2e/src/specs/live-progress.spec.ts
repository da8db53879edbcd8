import { expect, test } from "../fixture/test";
import { stagePanel } from "../support/ui";

test("run page: a running stage's progress bar and message update without a reload", async ({
  page,
  env,
}) => {
  const id = env.runs.progress;
  await page.goto(`${env.urls.main}/runs/${id}`);
  await expect(page.getByTestId("run-status")).toHaveText("RUNNING");
  const progress = stagePanel(page, "crunch").getByTestId("stage-progress");
  const bar = progress.locator("progress");
  await expect(progress).toContainText("25% reading input");
  await expect(bar).toHaveAttribute("value", "0.25");

  // The stage reports again while it still runs: the open page shows it (it polls the run).
  env.controls.progressStep = 1;
  await expect(progress).toContainText("75% writing output", { timeout: 15_000 });
  await expect(bar).toHaveAttribute("value", "0.75");
  await expect(page.getByTestId("run-status")).toHaveText("RUNNING");

  env.controls.progressStep = 2;
  await expect(page.getByTestId("run-status")).toHaveText("COMPLETED", { timeout: 15_000 });
  await expect(progress).toContainText("75% writing output");
});
