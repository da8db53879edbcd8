import { describe, expect, it } from "vitest";
import { sharedInFlight } from "./shared-in-flight";

describe("sharedInFlight", () => {
  it("shares a call in flight for the same key, and calls again once it settled", async () => {
    const shared = sharedInFlight<number>();
    let calls = 0;
    let release: (value: number) => void = () => {};
    const load = () => {
      calls += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const a = shared("k", load);
    const b = shared("k", load);
    const other = shared("other", () => Promise.resolve(7));
    expect(calls).toBe(1);
    release(42);
    expect(await Promise.all([a, b, other])).toEqual([42, 42, 7]);
    const c = shared("k", load);
    expect(calls).toBe(2);
    release(43);
    expect(await c).toBe(43);
  });

  it("forgets a failed call", async () => {
    const shared = sharedInFlight<number>();
    await expect(shared("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await shared("k", () => Promise.resolve(1))).toBe(1);
  });
});
