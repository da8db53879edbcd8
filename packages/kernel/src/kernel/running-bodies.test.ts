import { describe, expect, it } from "vitest";
import { RunningBodies } from "./running-bodies";

describe("RunningBodies", () => {
  it("aborts the bodies of one run only", () => {
    const bodies = new RunningBodies();
    const a = bodies.start("run-a");
    const b = bodies.start("run-b");
    expect(bodies.abortRun("run-a")).toBe(1);
    expect(a.signal.aborted).toBe(true);
    expect(b.signal.aborted).toBe(false);
  });

  it("forwards the command's own signal and forgets finished bodies", () => {
    const bodies = new RunningBodies();
    const external = new AbortController();
    const body = bodies.start("run", external.signal);
    external.abort(new Error("shutdown"));
    expect(body.signal.aborted).toBe(true);
    body.done();
    expect(bodies.count("run")).toBe(0);
    expect(bodies.abortRun("run")).toBe(0);
  });
});
