import { BASIC_AUTH } from "../fixture/dashboard-env";
import { expect, test } from "../fixture/test";
import { runRows } from "../support/ui";

function authorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

test.describe("basic auth", () => {
  test("the API refuses a missing or wrong password with 401 and accepts the right one", async ({
    request,
    env,
  }) => {
    const url = `${env.urls.basicAuth}/api/meta`;
    const missing = await request.get(url);
    expect(missing.status()).toBe(401);
    expect(missing.headers()["www-authenticate"]).toMatch(/^Basic /);
    expect((await missing.json()).error.code).toBe("UNAUTHORIZED");

    const wrong = await request.get(url, {
      headers: { authorization: authorization(BASIC_AUTH.username, "wrong password") },
    });
    expect(wrong.status()).toBe(401);
    const wrongUser = await request.get(url, {
      headers: { authorization: authorization("someone", BASIC_AUTH.password) },
    });
    expect(wrongUser.status()).toBe(401);

    const right = await request.get(url, {
      headers: { authorization: authorization(BASIC_AUTH.username, BASIC_AUTH.password) },
    });
    expect(right.status()).toBe(200);
    expect((await right.json()).readOnly).toBe(false);
  });

  test("the page is refused with a wrong password", async ({ browser, env }) => {
    const context = await browser.newContext({
      httpCredentials: { username: BASIC_AUTH.username, password: "wrong password" },
    });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${env.urls.basicAuth}/`);
      expect(response?.status()).toBe(401);
      await expect(page.getByTestId("runs-table")).toHaveCount(0);
    } finally {
      await context.close();
    }
  });

  test("the dashboard works with the right password", async ({ browser, env }) => {
    const context = await browser.newContext({ httpCredentials: { ...BASIC_AUTH } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${env.urls.basicAuth}/`);
      expect(response?.status()).toBe(200);
      await expect(runRows(page).first()).toBeVisible();
      await page.goto(`${env.urls.basicAuth}/runs/${env.runs.view.failed}`);
      await expect(page.getByTestId("run-status")).toHaveText("FAILED");
    } finally {
      await context.close();
    }
  });
});
