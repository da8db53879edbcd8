import { expect, test } from "../fixture/test";
import { waitFor } from "../fixture/wait-for";
import { confirmIfAsked } from "../support/ui";

test("dead letters: the failing error, replay one, then replay all", async ({ page, env }) => {
  const dead = await env.sf.kernel.query.listDeadLetters({});
  expect(dead.events.map((event) => event.workflowRunId).sort()).toEqual(
    [...env.runs.notify].sort(),
  );
  await page.goto(env.urls.main);
  await page.getByRole("link", { name: "Dead letters" }).click();
  await expect(page).toHaveURL(/\/dlq/);
  const rows = page.getByTestId("dlq-table").getByTestId("dlq-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("503 Service Unavailable");

  // The endpoint is back: replaying delivers the event and removes it from the list.
  env.controls.sinkBroken = false;
  const first = dead.events[0];
  if (!first) throw new Error("no dead letter");
  const row = page.locator(`[data-testid="dlq-row"][data-event-id="${first.id}"]`);
  await row.getByRole("button", { name: "Replay" }).click();
  await expect(row).toHaveCount(0);
  await expect(rows).toHaveCount(1);
  await waitFor("the replayed event to be delivered", async () =>
    env.controls.delivered.some((event) => event.workflowRunId === first.workflowRunId)
      ? true
      : undefined,
  );

  await page.getByRole("button", { name: "Replay all" }).click();
  await confirmIfAsked(page, async () => (await rows.count()) === 0);
  await expect(rows).toHaveCount(0);
  await waitFor("both events to be delivered", async () =>
    env.controls.delivered.length >= 2 ? true : undefined,
  );
  expect(env.controls.delivered.map((event) => event.workflowRunId).sort()).toEqual(
    [...env.runs.notify].sort(),
  );
});
