import { NonRetryableError, WorkflowBuilder } from "@stageflow/core";
import { scheduleEventStream } from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHarness } from "../helpers/harness";
import { firedTicks, tickThrough, upsertCommand } from "../helpers/schedules";
import { echoStage, linearWorkflow } from "../helpers/workflows";

const T = (iso: string) => new Date(iso);

describe("schedule.tick", () => {
  it("starts one run per tick under the key schedule:<id>:<tick ISO>, and never a second", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toEqual({
      fired: 0,
      skipped: 0,
      nextDueAt: T("2026-05-01T10:01:00.000Z"),
    });
    h.clock.set("2026-05-01T10:01:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toEqual({
      fired: 1,
      skipped: 0,
      nextDueAt: T("2026-05-01T10:02:00.000Z"),
    });
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 0 });
    const [run] = await h.persistence.listRuns({});
    expect(run).toMatchObject({
      workflowId: "linear",
      status: "PENDING",
      input: { text: "tick" },
      metadata: { scheduleId: "every-minute", scheduledFor: "2026-05-01T10:01:00.000Z" },
    });
    // The tick's key is a run.create idempotency key: a replay returns the same run.
    const replay = await h.kernel.dispatch({
      type: "run.create",
      workflowId: "linear",
      input: { text: "other" },
      idempotencyKey: "schedule:every-minute:2026-05-01T10:01:00.000Z",
    });
    expect(replay.workflowRunId).toBe(run?.id);
    expect(await h.persistence.listRuns({})).toHaveLength(1);
    const events = await h.persistence.getOutboxEvents(run?.id ?? "");
    expect(events.map((event) => [event.type, event.payload.scheduledFor ?? null])).toEqual([
      ["workflow:created", null],
      ["schedule:fired", "2026-05-01T10:01:00.000Z"],
    ]);
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      firedCount: 1,
      lastFiredAt: T("2026-05-01T10:01:00.000Z"),
      recentRuns: [{ workflowRunId: run?.id, tick: "2026-05-01T10:01:00.000Z" }],
    });
  });

  it("fires missed ticks inside the catch-up window once each, in order, and counts the older ones", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ overlap: "allow", catchupWindowMs: 180_000 }));
    // Every worker was down from 10:00:30 to 10:10:00.
    h.clock.set("2026-05-01T10:10:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({
      fired: 4,
      skipped: 6,
    });
    expect(await firedTicks(h)).toEqual([
      "2026-05-01T10:07:00.000Z",
      "2026-05-01T10:08:00.000Z",
      "2026-05-01T10:09:00.000Z",
      "2026-05-01T10:10:00.000Z",
    ]);
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      firedCount: 4,
      missedCount: 6,
      skippedCount: 0,
      nextFireAt: T("2026-05-01T10:11:00.000Z"),
    });
    // One schedule:skipped event on the schedule's own outbox stream names the missed ticks.
    const events = await h.events(scheduleEventStream("every-minute"));
    expect(events).toEqual([
      expect.objectContaining({
        type: "schedule:skipped",
        workflowRunId: "schedule:every-minute",
        workflowId: "linear",
        scheduleId: "every-minute",
        reason: "missed",
        count: 6,
        ticks: [1, 2, 3, 4, 5, 6].map((m) => `2026-05-01T10:0${m}:00.000Z`),
        sequence: 1,
      }),
    ]);
  });

  it("with a zero catch-up window skips every missed tick but the one due now", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ catchupWindowMs: 0 }));
    h.clock.set("2026-05-01T10:05:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({
      fired: 1,
      skipped: 4,
    });
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:05:00.000Z"]);
  });

  it("overlap skip (the default): a tick while the previous run is going is skipped", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    await tickThrough(h, "2026-05-01T10:02:00.000Z", 30_000);
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:01:00.000Z"]);
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({ skippedCount: 1 });
    expect(await h.events(scheduleEventStream("every-minute"))).toEqual([
      expect.objectContaining({
        type: "schedule:skipped",
        reason: "overlap",
        count: 1,
        ticks: ["2026-05-01T10:02:00.000Z"],
      }),
    ]);
    const [run] = await h.persistence.listRuns({});
    await h.drive(run?.id ?? "");
    h.clock.set("2026-05-01T10:03:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:01:00.000Z", "2026-05-01T10:03:00.000Z"]);
  });

  it("overlap allow: every tick starts a run", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ overlap: "allow" }));
    await tickThrough(h, "2026-05-01T10:03:00.000Z", 30_000);
    expect(await firedTicks(h)).toEqual([
      "2026-05-01T10:01:00.000Z",
      "2026-05-01T10:02:00.000Z",
      "2026-05-01T10:03:00.000Z",
    ]);
  });

  it("overlap bufferOne: holds one tick until the previous run ends, skips the rest", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ overlap: "bufferOne" }));
    await tickThrough(h, "2026-05-01T10:03:00.000Z", 30_000);
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:01:00.000Z"]);
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      bufferedTick: T("2026-05-01T10:02:00.000Z"),
      skippedCount: 1,
      // The buffered tick is re-checked a second later, not at the next cron tick.
      dueAt: T("2026-05-01T10:03:01.000Z"),
    });
    const [first] = await h.persistence.listRuns({});
    await h.drive(first?.id ?? "");
    h.clock.set("2026-05-01T10:03:01.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 1 });
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:01:00.000Z", "2026-05-01T10:02:00.000Z"]);
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      bufferedTick: null,
      dueAt: T("2026-05-01T10:04:00.000Z"),
    });
  });

  it("overlap cancelPrevious: the new tick's run replaces the running one", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ overlap: "cancelPrevious" }));
    await tickThrough(h, "2026-05-01T10:02:00.000Z", 30_000);
    const runs = await h.persistence.listRuns({});
    expect(runs.map((run) => [run.metadata?.scheduledFor, run.status])).toEqual([
      ["2026-05-01T10:01:00.000Z", "CANCELLED"],
      ["2026-05-01T10:02:00.000Z", "PENDING"],
    ]);
  });

  it("fires nothing while paused and, after unpause, only ticks after now", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ overlap: "allow" }));
    expect(await h.kernel.dispatch({ type: "schedule.pause", scheduleId: "every-minute" })).toEqual(
      {
        scheduleId: "every-minute",
        paused: true,
      },
    );
    await tickThrough(h, "2026-05-01T10:05:30.000Z", 60_000);
    expect(await firedTicks(h)).toEqual([]);
    expect(
      await h.kernel.dispatch({ type: "schedule.unpause", scheduleId: "every-minute" }),
    ).toEqual({
      scheduleId: "every-minute",
      paused: false,
      nextFireAt: T("2026-05-01T10:06:00.000Z"),
    });
    await tickThrough(h, "2026-05-01T10:06:00.000Z", 60_000);
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:06:00.000Z"]);
  });

  it("pauseOnFailure: a failed run pauses the schedule before its next tick", async () => {
    const failing = linearWorkflow({
      onExecute: () => {
        throw new NonRetryableError("broken");
      },
    });
    const h = createHarness([failing]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ pauseOnFailure: true }));
    h.clock.set("2026-05-01T10:01:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    const [run] = await h.persistence.listRuns({});
    expect((await h.drive(run?.id ?? "")).status).toBe("FAILED");
    h.clock.set("2026-05-01T10:02:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 0 });
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      paused: true,
      lastError: expect.stringContaining(`run ${run?.id}`),
    });
    await tickThrough(h, "2026-05-01T10:05:00.000Z", 60_000);
    expect(await h.persistence.listRuns({})).toHaveLength(1);
    // Unpaused after the fix: the failure that paused it does not pause it again.
    await h.kernel.dispatch({ type: "schedule.unpause", scheduleId: "every-minute" });
    h.clock.set("2026-05-01T10:06:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 1 });
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({ paused: false });
  });

  it("without pauseOnFailure a failed run does not stop the schedule", async () => {
    const failing = linearWorkflow({
      onExecute: () => {
        throw new NonRetryableError("broken");
      },
    });
    const h = createHarness([failing]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    h.clock.set("2026-05-01T10:01:00.000Z");
    await h.kernel.dispatch({ type: "schedule.tick" });
    const [run] = await h.persistence.listRuns({});
    await h.drive(run?.id ?? "");
    h.clock.set("2026-05-01T10:02:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 1 });
  });

  it("fires only between startAt (included) and endAt (excluded), then has no next tick", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    const result = await h.kernel.dispatch(
      upsertCommand({
        overlap: "allow",
        startAt: "2026-05-01T10:03:00.000Z",
        endAt: new Date("2026-05-01T10:05:00.000Z"),
      }),
    );
    expect(result.nextFireAt).toEqual(T("2026-05-01T10:03:00.000Z"));
    await tickThrough(h, "2026-05-01T10:10:00.000Z", 30_000);
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:03:00.000Z", "2026-05-01T10:04:00.000Z"]);
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      nextFireAt: null,
      dueAt: null,
    });
    expect(await h.persistence.nextScheduleDueAt()).toBeNull();
  });

  it("jitter delays each tick by a fixed offset below jitterMs", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ jitterMs: 20_000 }));
    const schedule = await h.persistence.getSchedule("every-minute");
    const tick = T("2026-05-01T10:01:00.000Z").getTime();
    const due = schedule?.dueAt?.getTime() ?? 0;
    expect(due).toBeGreaterThanOrEqual(tick);
    expect(due).toBeLessThan(tick + 20_000);
    h.clock.set(tick);
    if (due > tick) {
      expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 0 });
    }
    h.clock.set(due);
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 1 });
    // The run belongs to the tick, not to the jittered time.
    expect(await firedTicks(h)).toEqual(["2026-05-01T10:01:00.000Z"]);
  });

  it("skips a tick whose input the workflow no longer accepts and records why", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand());
    // A worker deployed with a stricter input schema for the same workflow id.
    const stricter = new WorkflowBuilder(
      "linear",
      "Linear",
      "stricter input",
      z.object({ text: z.string().min(10) }),
      z.unknown(),
    )
      .pipe(echoStage("a"))
      .build();
    h.clock.set("2026-05-01T10:01:00.000Z");
    expect(await h.kernelKnowing([stricter]).dispatch({ type: "schedule.tick" })).toMatchObject({
      fired: 0,
      skipped: 1,
    });
    expect(await h.persistence.listRuns({})).toEqual([]);
    expect(await h.persistence.getSchedule("every-minute")).toMatchObject({
      skippedCount: 1,
      nextFireAt: T("2026-05-01T10:02:00.000Z"),
      lastError: expect.stringContaining("2026-05-01T10:01:00.000Z skipped"),
    });
    // A worker that does not know the workflow at all skips it the same way.
    h.clock.set("2026-05-01T10:02:00.000Z");
    expect(await h.kernelKnowing([]).dispatch({ type: "schedule.tick" })).toMatchObject({
      skipped: 1,
    });
    expect((await h.persistence.getSchedule("every-minute"))?.lastError).toContain('"linear"');
  });

  it("handles at most maxSchedules schedules per tick, earliest due first", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:30.000Z");
    await h.kernel.dispatch(upsertCommand({ scheduleId: "b", cron: "*/2 * * * *" }));
    await h.kernel.dispatch(upsertCommand({ scheduleId: "a" }));
    h.clock.set("2026-05-01T10:02:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick", maxSchedules: 1 })).toMatchObject({
      fired: 1,
    });
    expect(await firedTicks(h, "a")).toEqual(["2026-05-01T10:01:00.000Z"]);
    expect(await firedTicks(h, "b")).toEqual([]);
  });
});

describe("schedule.tick catch-up budget", () => {
  it("starts at most 100 runs per schedule per tick and leaves the rest due for the next one", async () => {
    const h = createHarness([linearWorkflow()]);
    h.clock.set("2026-05-01T10:00:00.500Z");
    await h.kernel.dispatch(
      upsertCommand({ scheduleId: "every-second", cron: "* * * * * *", overlap: "allow" }),
    );
    // Down for 250 s, all inside the default catch-up window.
    h.clock.set("2026-05-01T10:04:10.000Z");
    const first = await h.kernel.dispatch({ type: "schedule.tick" });
    expect(first).toMatchObject({ fired: 100, skipped: 0 });
    // Still due: a host ticks again at once.
    expect(first.nextDueAt?.getTime()).toBeLessThanOrEqual(h.clock.now().getTime());
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 100 });
    const last = await h.kernel.dispatch({ type: "schedule.tick" });
    expect(last).toMatchObject({ fired: 50, nextDueAt: T("2026-05-01T10:04:11.000Z") });
    const ticks = await firedTicks(h, "every-second");
    expect(ticks).toHaveLength(250);
    expect(new Set(ticks).size).toBe(250);
    expect(ticks[0]).toBe("2026-05-01T10:00:01.000Z");
    expect(ticks.at(-1)).toBe("2026-05-01T10:04:10.000Z");
  });
});

describe("schedule.tick with nothing due", () => {
  it("reads the next due time once and opens no transaction", async () => {
    let transactions = 0;
    const h = createHarness([linearWorkflow()], {
      wrapPersistence: (persistence) =>
        new Proxy(persistence, {
          get(target, property, receiver) {
            if (property === "withTransaction") {
              return (fn: Parameters<typeof target.withTransaction>[0]) => {
                transactions += 1;
                return target.withTransaction(fn);
              };
            }
            const value = Reflect.get(target, property, receiver);
            return typeof value === "function" ? value.bind(target) : value;
          },
        }),
    });
    h.clock.set("2026-05-01T10:00:30.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toEqual({
      fired: 0,
      skipped: 0,
      nextDueAt: null,
    });
    await h.kernel.dispatch(upsertCommand());
    transactions = 0;
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 0 });
    expect(transactions).toBe(0);
    h.clock.set("2026-05-01T10:01:00.000Z");
    expect(await h.kernel.dispatch({ type: "schedule.tick" })).toMatchObject({ fired: 1 });
    expect(transactions).toBe(1);
  });
});
