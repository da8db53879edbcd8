import { describe, expect, it } from "vitest";
import { FakeClock } from "../src/index";

describe("FakeClock", () => {
  it("starts at a fixed default date", () => {
    expect(new FakeClock().now().toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(new FakeClock().now()).toEqual(new Date(FakeClock.DEFAULT_START));
  });

  it("starts at a given Date, ISO string or epoch ms", () => {
    expect(new FakeClock(new Date("2030-05-06T07:08:09.010Z")).now().toISOString()).toBe(
      "2030-05-06T07:08:09.010Z",
    );
    expect(new FakeClock("2030-01-01T00:00:00Z").now().getTime()).toBe(Date.UTC(2030, 0, 1));
    expect(new FakeClock(0).now().getTime()).toBe(0);
  });

  it("does not move on its own and returns a fresh Date each time", () => {
    const clock = new FakeClock();
    const a = clock.now();
    a.setTime(0);
    expect(clock.now().toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(clock.now()).not.toBe(clock.now());
  });

  it("advances by a number of milliseconds and returns the new time", () => {
    const clock = new FakeClock();
    expect(clock.advance(1_500).toISOString()).toBe("2025-01-01T00:00:01.500Z");
    clock.advance(0);
    expect(clock.now().toISOString()).toBe("2025-01-01T00:00:01.500Z");
  });

  it("rejects negative or non-finite advances", () => {
    const clock = new FakeClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("sets the time forward or backward", () => {
    const clock = new FakeClock();
    expect(clock.set("2031-01-01T00:00:00.000Z").toISOString()).toBe("2031-01-01T00:00:00.000Z");
    clock.set(new Date("2020-01-01T00:00:00.000Z"));
    expect(clock.now().toISOString()).toBe("2020-01-01T00:00:00.000Z");
  });

  it("rejects invalid times", () => {
    expect(() => new FakeClock("not a date")).toThrow(RangeError);
    expect(() => new FakeClock().set(Number.NaN)).toThrow(RangeError);
  });
});
