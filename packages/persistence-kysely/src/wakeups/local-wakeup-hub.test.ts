import { describe, expect, it } from "vitest";
import { createLocalWakeupHub } from "./local-wakeup-hub";

describe("createLocalWakeupHub", () => {
  it("calls the listeners of the committed channels and reports their exceptions", async () => {
    const errors: unknown[] = [];
    const hub = createLocalWakeupHub((error) => errors.push(error));
    const calls: string[] = [];
    const stop = await hub.subscribe("jobs", () => calls.push("jobs"));
    await hub.subscribe("runs", () => {
      throw new Error("listener failed");
    });
    await hub.subscribe("runs", () => calls.push("runs"));
    hub.publishCommitted(new Set(["jobs", "runs"]));
    expect(calls).toEqual(["jobs", "runs"]);
    expect(errors).toHaveLength(1);
    await stop();
    hub.publishCommitted(new Set(["jobs"]));
    expect(calls).toEqual(["jobs", "runs"]);
    await hub.close();
    hub.publishCommitted(new Set(["runs"]));
    expect(calls).toEqual(["jobs", "runs"]);
  });
});
