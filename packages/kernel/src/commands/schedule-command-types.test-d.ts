import { describe, expectTypeOf, it } from "vitest";
import type { Kernel } from "../kernel/create-kernel";
import type {
  ScheduleBackfillResult,
  ScheduleTickResult,
  ScheduleUpsertResult,
} from "./schedule-command-types";

declare const kernel: Kernel;

describe("schedule commands", () => {
  it("are typed per command", () => {
    expectTypeOf(
      kernel.dispatch({
        type: "schedule.upsert",
        scheduleId: "s",
        workflowId: "w",
        cron: "* * * * *",
      }),
    ).resolves.toEqualTypeOf<ScheduleUpsertResult>();
    expectTypeOf(
      kernel.dispatch({ type: "schedule.tick" }),
    ).resolves.toEqualTypeOf<ScheduleTickResult>();
    expectTypeOf(
      kernel.dispatch({
        type: "schedule.backfill",
        scheduleId: "s",
        from: new Date(),
        to: "2026-01-01",
      }),
    ).resolves.toEqualTypeOf<ScheduleBackfillResult>();
    expectTypeOf<ScheduleUpsertResult["nextFireAt"]>().toEqualTypeOf<Date | null>();
  });

  it("reject unknown overlap policies and missing fields at compile time", () => {
    void kernel.dispatch({
      type: "schedule.upsert",
      scheduleId: "s",
      workflowId: "w",
      cron: "* * * * *",
      // @ts-expect-error not an overlap policy
      overlap: "queue",
    });
    // @ts-expect-error schedule.backfill needs from and to
    void kernel.dispatch({ type: "schedule.backfill", scheduleId: "s" });
  });
});
