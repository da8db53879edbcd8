import { describe, expect, it } from "vitest";
import { stageWaits } from "./stage-waits";

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
const T0 = Date.UTC(2026, 0, 1);

describe("stageWaits", () => {
  it("opens a wait at stage:suspended and closes it at the stage's next end event", () => {
    const events = [
      { type: "stage:started", createdAt: at(0), payload: { stageId: "batch" } },
      { type: "stage:suspended", createdAt: at(2), payload: { stageId: "batch" } },
      { type: "stage:started", createdAt: at(3), payload: { stageId: "other" } },
      {
        type: "stage:completed",
        createdAt: at(90),
        payload: { stageId: "batch", timestamp: at(86) },
      },
    ];
    expect(stageWaits(events, "batch")).toEqual([{ startMs: T0 + 2000, endMs: T0 + 86_000 }]);
    expect(stageWaits(events, "other")).toEqual([]);
  });

  it("leaves the wait open while the stage is still suspended, and closes it on cancel", () => {
    const open = [{ type: "stage:suspended", createdAt: at(5), payload: { stageId: "b" } }];
    expect(stageWaits(open, "b")).toEqual([{ startMs: T0 + 5000, endMs: null }]);
    const cancelled = [...open, { type: "workflow:cancelled", createdAt: at(9), payload: {} }];
    expect(stageWaits(cancelled, "b")).toEqual([{ startMs: T0 + 5000, endMs: T0 + 9000 }]);
  });
});
