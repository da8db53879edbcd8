import { expect, type Locator, type Page } from "@playwright/test";

/** The URL of the runs list of `origin` with a filter query (same names as the API's). */
export function runsUrl(origin: string, filter: Record<string, string> = {}): string {
  const query = new URLSearchParams(filter).toString();
  return `${origin}/${query ? `?${query}` : ""}`;
}

/** The runs-table rows. */
export function runRows(page: Page): Locator {
  return page.getByTestId("runs-table").getByTestId("run-row");
}

/** The row of run `id`. */
export function runRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
}

/** The run ids of the rows on the page, top to bottom. */
export async function rowIds(page: Page): Promise<string[]> {
  return runRows(page).evaluateAll((rows) =>
    rows.map((row) => row.getAttribute("data-run-id") ?? ""),
  );
}

/** Waits until the runs table shows exactly `ids` (any order). */
export async function expectRowIds(page: Page, ids: readonly string[]): Promise<void> {
  await expect(runRows(page)).toHaveCount(ids.length);
  await expect.poll(async () => (await rowIds(page)).sort()).toEqual([...ids].sort());
}

/**
 * Sets the filter control labelled `label` to `value`: a `<select>` (one option or several), a
 * group of checkboxes (`value` the option names), a date/time input (an ISO time typed in the
 * input's own format), or a text input.
 */
export async function setFilter(
  page: Page,
  label: string,
  value: string | string[],
): Promise<void> {
  const values = Array.isArray(value) ? value : [value];
  const control = page.getByLabel(label, { exact: true }).first();
  const tag = await control.evaluate((node) => node.tagName.toLowerCase());
  if (tag === "select") {
    await control.selectOption(values);
    return;
  }
  if (tag === "input") {
    const type = (await control.getAttribute("type")) ?? "text";
    if (type === "checkbox") throw new Error(`"${label}" is a single checkbox, not a filter`);
    await control.fill(inputValue(type, values[0] ?? ""));
    await control.press("Enter");
    return;
  }
  // A group (fieldset, role=group/listbox) of checkboxes or options named after the values.
  for (const name of values) {
    const option = control.getByRole("checkbox", { name, exact: true });
    if ((await option.count()) > 0) await option.check();
    else await control.getByRole("option", { name, exact: true }).click();
  }
}

function inputValue(type: string, value: string): string {
  if (type === "datetime-local") return localDateTime(new Date(value));
  if (type === "date") return localDateTime(new Date(value)).slice(0, 10);
  return value;
}

function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Clicks "Apply" when the filter form has such a button (filters may also apply on change). */
export async function applyFilters(page: Page): Promise<void> {
  const apply = page.getByRole("button", { name: /^apply/i });
  if ((await apply.count()) > 0) await apply.first().click();
}

/** Confirms the open confirmation dialog (when the action opened one) and waits for it to close. */
export async function confirmDialog(page: Page): Promise<void> {
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toHaveCount(0);
}

/** The stage panel of `stageId` on a run page. */
export function stagePanel(page: Page, stageId: string): Locator {
  return page.locator(`[data-testid="stage-panel"][data-stage-id="${stageId}"]`);
}

/** The text of a status count (`status-count-<STATUS>`) as a number (its first integer). */
export async function statusCount(page: Page, status: string): Promise<number> {
  const text = (await page.getByTestId(`status-count-${status}`).textContent()) ?? "";
  const match = /\d[\d,]*/.exec(text);
  return match ? Number(match[0].replaceAll(",", "")) : Number.NaN;
}

/**
 * After an action that may or may not ask for confirmation: waits until either a dialog opened
 * (then confirms it) or `done` says the action took effect.
 */
export async function confirmIfAsked(page: Page, done: () => Promise<boolean>): Promise<void> {
  const dialog = page.getByRole("dialog");
  await expect
    .poll(async () => (await dialog.count()) > 0 || (await done()), {
      message: "a confirmation dialog or the action's effect",
    })
    .toBe(true);
  if ((await dialog.count()) > 0) await confirmDialog(page);
}
