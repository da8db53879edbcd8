import { describeSchedule, listSchedules, type Scheduler, syncSchedules } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { expectStageflowError } from "../helpers/expect-error";
import { createHarness } from "../helpers/harness";
import { firedTicks, upsertCommand } from "../helpers/schedules";
import { linearWorkflow } from "../helpers/workflows";

const T = (iso: string) => new Date(iso);

describe("schedule operations", () => {
  it("trigger starts a run now, also while paused, without moving the next tick", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ paused: true }));
    const { workflowRunId } = await h.kernel.dispatch({
      type: "schedule.trigger",
      scheduleId: "every-minute",
    });
    expect(await h.run(workflowRunId)).toMatchObject({
      status: "PENDING",
      metadata: { scheduleId: "every-minute", scheduledFor: "2026-05-01T10:00:30.000Z" },
    });
    const events = await h.persistence.getOutboxEvents(workflowRunId);
    expect(events[1]?.payload).toMatchObject({ type: "schedule:fired", reason: "trigger" });
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      paused: true,
      firedCount: 1,
      nextFireAt: T("2026-05-01T10:01:00.000Z"),
      recentRuns: [{ workflowRunId, tick: "2026-05-01T10:00:30.000Z" }],
    });
  });

  it("backfill starts the run of every tick in [from, to] that has none, in order", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ cron: "0 * * * *" }));
    h.clock.set("2026-05-01T12:00:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    expect(await firedTicks(h)).toEqual(["2026-05-01T11:00:00.000Z"]);
    const result = await h.kernel.dispatch({
      type: "schedule.backfill",
      scheduleId: "every-minute",
      from: "2026-05-01T08:00:00.000Z",
      to: T("2026-05-01T11:00:00.000Z"),
    });
    expect(result).toMatchObject({ fired: 3, skipped: 1 });
    expect(await firedTicks(h)).toEqual([
      "2026-05-01T11:00:00.000Z",
      "2026-05-01T08:00:00.000Z",
      "2026-05-01T09:00:00.000Z",
      "2026-05-01T10:00:00.000Z",
    ]);
    expect(result.workflowRunIds).toHaveLength(3);
    // Backfilling again finds every tick done.
    expect(
      await h.kernel.dispatch({
        type: "schedule.backfill",
        scheduleId: "every-minute",
        from: "2026-05-01T08:00:00.000Z",
        to: "2026-05-01T11:00:00.000Z",
      }),
    ).toEqual({ scheduleId: "every-minute", fired: 0, skipped: 4, workflowRunIds: [] });
    expect(await h.persistence.listRuns({})).toHaveLength(4);
  });

  it.each([
    ["to before from", { from: "2026-05-01T09:00:00Z", to: "2026-05-01T08:00:00Z" }],
    ["to in the future", { from: "2026-05-01T09:00:00Z", to: "2026-05-02T08:00:00Z" }],
    ["more than 1 000 ticks", { from: "2026-04-01T00:00:00Z", to: "2026-05-01T00:00:00Z" }],
    ["an unparseable time", { from: "yesterday", to: "2026-05-01T00:00:00Z" }],
  ])("backfill refuses %s and writes nothing", async (_name, range) => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    const before = await h.persistence.getSchedule("every-minute");
    const error = await expectStageflowError(
      h.kernel.dispatch({ type: "schedule.backfill", scheduleId: "every-minute", ...range }),
    );
    expect(error.code).toBe("INVALID_COMMAND");
    expect(await h.persistence.listRuns({})).toEqual([]);
    expect(await h.persistence.getSchedule("every-minute")).toEqual(before);
  });

  it("names an unknown schedule with SCHEDULE_NOT_FOUND", async () => {
    const h = createHarness([linearWorkflow()]);
    for (const type of ["schedule.pause", "schedule.unpause", "schedule.trigger"] as const) {
      const error = await expectStageflowError(h.kernel.dispatch({ type, scheduleId: "ghost" }));
      expect(error.code).toBe("SCHEDULE_NOT_FOUND");
    }
    const error = await expectStageflowError(describeSchedule(h.persistence, "ghost"));
    expect(error.code).toBe("SCHEDULE_NOT_FOUND");
    expect(await h.kernel.dispatch({ type: "schedule.delete", scheduleId: "ghost" })).toEqual({
      deleted: false,
    });
  });

  it("delete removes the schedule and leaves its runs", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    h.clock.set("2026-05-01T10:01:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    expect(
      await h.kernel.dispatch({ type: "schedule.delete", scheduleId: "every-minute" }),
    ).toEqual({ deleted: true });
    expect(await listSchedules(h.persistence)).toEqual([]);
    h.clock.set("2026-05-01T10:05:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 0 });
    expect(await h.persistence.listRuns({})).toHaveLength(1);
  });

  it("describe gives the next fire times and the latest runs with their status", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ cron: "*/20 * * * *", overlap: "allow" }));
    h.clock.set("2026-05-01T10:20:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    const [first] = await h.persistence.listRuns({});
    await h.drive(first?.id ?? "");
    h.clock.set("2026-05-01T10:40:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    const described = await describeSchedule(h.persistence, "every-minute", { nextFireTimes: 3 });
    expect(described.nextFireTimes).toEqual([
      T("2026-05-01T11:00:00.000Z"),
      T("2026-05-01T11:20:00.000Z"),
      T("2026-05-01T11:40:00.000Z"),
    ]);
    expect(described.lastRuns.map((run) => [run.tick.toISOString(), run.status])).toEqual([
      ["2026-05-01T10:40:00.000Z", "PENDING"],
      ["2026-05-01T10:20:00.000Z", "COMPLETED"],
    ]);
    expect(described.schedule).toMatchObject({ id: "every-minute", firedCount: 2 });
  });

  it("syncSchedules upserts code schedules, keeps their next tick, prunes only code ones", async () => {
    const h = createHarness([linearWorkflow()]);
    const target = { kernel: h.kernel, persistence: h.persistence };
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ scheduleId: "from-api" }));
    const hourly = {
      scheduleId: "hourly",
      workflowId: "linear",
      cron: "0 * * * *",
      input: { text: "h" },
    };
    const daily = {
      scheduleId: "daily",
      workflowId: "linear",
      cron: "0 3 * * *",
      input: { text: "d" },
    };
    expect(await syncSchedules(target, [hourly, daily])).toEqual({
      upserted: ["hourly", "daily"],
      deleted: [],
    });
    expect((await listSchedules(h.persistence, { source: "code" })).map((s) => s.id)).toEqual([
      "daily",
      "hourly",
    ]);
    // A restart later: the same declaration keeps the (overdue) next tick instead of skipping it.
    h.clock.set("2026-05-01T11:30:00.000Z");
    expect(await syncSchedules(target, [hourly])).toEqual({
      upserted: ["hourly"],
      deleted: ["daily"],
    });
    expect(await h.persistence.getSchedule("hourly")).toMatchObject({
      nextFireAt: T("2026-05-01T11:00:00.000Z"),
    });
    expect((await listSchedules(h.persistence)).map((s) => s.id)).toEqual(["from-api", "hourly"]);
    const error = await expectStageflowError(
      syncSchedules(target, [hourly, { ...daily, scheduleId: "hourly" }]),
    );
    expect(error.code).toBe("INVALID_COMMAND");
  });
});

describe("schedules and the optional Scheduler port", () => {
  it("asks for a schedule.tick at the next due time after upsert, tick and unpause", async () => {
    const requested: Array<[string, string]> = [];
    const scheduler: Scheduler = {
      schedule: async (type, _payload, runAt) => {
        requested.push([type, runAt.toISOString()]);
      },
      cancel: async () => {},
    };
    const h = createHarness([linearWorkflow()], { scheduler });
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    h.clock.set("2026-05-01T10:01:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    await h.kernel.dispatch({ type: "schedule.pause", scheduleId: "every-minute" });
    h.clock.set("2026-05-01T10:05:10.000Z");
    await h.kernel.dispatch({ type: "schedule.unpause", scheduleId: "every-minute" });
    expect(requested).toEqual([
      ["schedule.tick", "2026-05-01T10:01:00.000Z"],
      ["schedule.tick", "2026-05-01T10:02:00.000Z"],
      ["schedule.tick", "2026-05-01T10:06:00.000Z"],
    ]);
  });
});
