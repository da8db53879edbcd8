import { describe, expect, it } from "vitest";
import { createHarness } from "../helpers/harness";
import { firedTicks, tickThrough, upsertCommand } from "../helpers/schedules";
import { linearWorkflow } from "../helpers/workflows";

/** Ticks `cron` in `timezone` from `from` to `to` every 10 minutes; returns the fired ticks. */
async function ticksBetween(cron: string, timezone: string, from: string, to: string) {
  const h = createHarness([linearWorkflow()]);
  h.clock.set(from);
  await h.kernel.dispatch(upsertCommand({ cron, timezone, overlap: "allow" }));
  await tickThrough(h, to, 600_000);
  return firedTicks(h);
}

// Pinned croner 11 behaviour: a fixed-time tick in the spring-forward gap fires once, at the first
// valid time after the gap; a fixed-time tick in the repeated hour fires once, at its first
// occurrence. Interval crons follow elapsed time.
describe("schedules across DST changes", () => {
  it("America/New_York spring forward (2026-03-08): 02:30 does not exist and fires once at 03:00 EDT", async () => {
    expect(
      await ticksBetween(
        "30 2 * * *",
        "America/New_York",
        "2026-03-07T12:00:00Z",
        "2026-03-09T12:00:00Z",
      ),
    ).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"]);
  });

  it("America/New_York fall back (2026-11-01): 01:30 happens twice and fires once (EDT)", async () => {
    expect(
      await ticksBetween(
        "30 1 * * *",
        "America/New_York",
        "2026-10-31T12:00:00Z",
        "2026-11-02T12:00:00Z",
      ),
    ).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"]);
  });

  it("Europe/Berlin spring forward (2026-03-29): 02:30 does not exist and fires once at 03:00 CEST", async () => {
    expect(
      await ticksBetween(
        "30 2 * * *",
        "Europe/Berlin",
        "2026-03-28T12:00:00Z",
        "2026-03-30T12:00:00Z",
      ),
    ).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
  });

  it("Europe/Berlin fall back (2026-10-25): 02:30 happens twice and fires once (CEST)", async () => {
    expect(
      await ticksBetween(
        "30 2 * * *",
        "Europe/Berlin",
        "2026-10-24T12:00:00Z",
        "2026-10-26T12:00:00Z",
      ),
    ).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
  });

  it("an interval cron follows elapsed time: no 02:00 on the spring day, 02:00 twice in the fall", async () => {
    // New York: 01:00 EST (06:00Z), then 03:00 EDT (07:00Z) one real hour later, no 02:00.
    expect(
      await ticksBetween(
        "0 * * * *",
        "America/New_York",
        "2026-03-08T05:30:00Z",
        "2026-03-08T08:30:00Z",
      ),
    ).toEqual(["2026-03-08T06:00:00.000Z", "2026-03-08T07:00:00.000Z", "2026-03-08T08:00:00.000Z"]);
    // Berlin: 02:00 CEST (00:00Z), 02:00 CET (01:00Z), 03:00 CET (02:00Z).
    expect(
      await ticksBetween(
        "0 * * * *",
        "Europe/Berlin",
        "2026-10-24T23:30:00Z",
        "2026-10-25T02:30:00Z",
      ),
    ).toEqual(["2026-10-25T00:00:00.000Z", "2026-10-25T01:00:00.000Z", "2026-10-25T02:00:00.000Z"]);
  });
});
