import { describe, expect, it } from "vitest";
import { expectStageflowError } from "../helpers/expect-error";
import { createHarness, type Harness } from "../helpers/harness";
import { upsertCommand } from "../helpers/schedules";
import { linearWorkflow } from "../helpers/workflows";

async function nothingWritten(h: Harness) {
  expect(await h.persistence.listSchedules({})).toEqual([]);
  expect(await h.persistence.listRuns({})).toEqual([]);
}

describe("schedule.upsert", () => {
  it("creates a schedule and returns its id and first tick after now (UTC by default)", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    const result = await h.kernel.dispatch(upsertCommand());
    expect(result).toEqual({
      scheduleId: "every-minute",
      nextFireAt: new Date("2026-05-01T10:01:00.000Z"),
      created: true,
    });
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      workflowId: "linear",
      timezone: "UTC",
      overlap: "skip",
      catchupWindowMs: 86_400_000,
      paused: false,
      source: "api",
      dueAt: new Date("2026-05-01T10:01:00.000Z"),
      version: 1,
    });
  });

  it.each([
    ["6 fields, every 15 s", "*/15 * * * * *", "UTC", "2026-05-01T10:00:15.000Z"],
    ["5 fields, a range with a step", "0 9-17/4 * * *", "UTC", "2026-05-01T13:00:00.000Z"],
    ["the last day of the month", "0 0 L * *", "UTC", "2026-05-31T00:00:00.000Z"],
    ["the second Friday", "0 0 * * 5#2", "UTC", "2026-05-08T00:00:00.000Z"],
    ["a list in a time zone", "0 8,20 * * *", "Europe/Berlin", "2026-05-01T18:00:00.000Z"],
  ])("reads %s", async (_name, cron, timezone, next) => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:00.000Z");
    const result = await h.kernel.dispatch(upsertCommand({ cron, timezone }));
    expect(result.nextFireAt).toEqual(new Date(next));
  });

  it.each([
    ["an invalid cron", { cron: "61 * * * *" }, "INVALID_CRON"],
    ["a cron with too many fields", { cron: "0 0 0 1 1 * 2030 x" }, "INVALID_CRON"],
    ["a cron that never matches", { cron: "0 0 30 2 *" }, "INVALID_CRON"],
    ["an unknown time zone", { timezone: "Mars/Olympus_Mons" }, "UNKNOWN_TIMEZONE"],
    ["an unknown workflow", { workflowId: "ghost" }, "WORKFLOW_NOT_FOUND"],
    ["input failing the workflow's schema", { input: { text: 42 } }, "VALIDATION_FAILED"],
    ["config failing a stage's schema", { config: { a: { label: 7 } } }, "VALIDATION_FAILED"],
    ["an unknown overlap policy", { overlap: "queue" as never }, "INVALID_COMMAND"],
    ["a negative catch-up window", { catchupWindowMs: -1 }, "INVALID_COMMAND"],
    ["a fractional jitter", { jitterMs: 1.5 }, "INVALID_COMMAND"],
    ["endAt before startAt", { startAt: "2026-06-01", endAt: "2026-05-01" }, "INVALID_COMMAND"],
    ["an unparseable startAt", { startAt: "soon" }, "INVALID_COMMAND"],
    ["an empty id", { scheduleId: " " }, "INVALID_COMMAND"],
  ])("refuses %s with a typed error and writes nothing", async (_name, overrides, code) => {
    const h = createHarness([linearWorkflow()]);
    const error = await expectStageflowError(h.kernel.dispatch(upsertCommand(overrides)));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    await nothingWritten(h);
  });

  it("refuses a bad change of an existing schedule and leaves it as it was", async () => {
    const h = createHarness([linearWorkflow()]);
    await h.kernel.dispatch(upsertCommand());
    const before = await h.persistence.getSchedule("every-minute");
    await expectStageflowError(h.kernel.dispatch(upsertCommand({ cron: "every minute" })));
    expect(await h.persistence.getSchedule("every-minute")).toEqual(before);
  });

  it("keeps the next tick, the counters and a pause when the cron is unchanged", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    await h.kernel.dispatch({ type: "schedule.pause", scheduleId: "every-minute" });
    h.clock.set("2026-05-01T10:05:30.000Z");
    const again = await h.kernel.dispatch(upsertCommand({ input: { text: "changed" } }));
    expect(again).toEqual({
      scheduleId: "every-minute",
      nextFireAt: new Date("2026-05-01T10:01:00.000Z"),
      created: false,
    });
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      paused: true,
      input: { text: "changed" },
      createdAt: new Date("2026-05-01T10:00:30.000Z"),
    });
  });

  it("computes the next tick from now when the cron changes", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    h.clock.set("2026-05-01T10:05:30.000Z");
    const changed = await h.kernel.dispatch(upsertCommand({ cron: "0 * * * *" }));
    expect(changed.nextFireAt).toEqual(new Date("2026-05-01T11:00:00.000Z"));
  });
});
