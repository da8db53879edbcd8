import { describe, expect, it, vi } from "vitest";
import { createLoop, type LoopStepResult } from "./create-loop";
import { silentLogger } from "./host-logger";

const backoff = { initialMs: 1, maxMs: 4 };
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("createLoop", () => {
  it("runs at start, then only when kicked when it has no interval", async () => {
    let runs = 0;
    const loop = createLoop({
      name: "test",
      intervalMs: null,
      backoff,
      logger: silentLogger,
      step: async () => {
        runs += 1;
        return "idle";
      },
    });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(1));
    await settle();
    expect(runs).toBe(1);
    loop.kick();
    await vi.waitFor(() => expect(runs).toBe(2));
    await loop.stop();
  });

  it("runs a step that is due even while kicks arrive on every turn of the event loop", async () => {
    let runs = 0;
    const loop = createLoop({
      name: "test",
      intervalMs: null,
      backoff,
      logger: silentLogger,
      step: async () => {
        runs += 1;
        return "idle";
      },
    });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(1));
    // Each turn queues the next turn's callback first, then kicks: a kick that moved the due
    // step behind that callback would starve it for as long as the turns go on.
    let runsDuringTurns = 0;
    await new Promise<void>((resolve) => {
      let turns = 0;
      const turn = (): void => {
        turns += 1;
        if (turns === 50) {
          runsDuringTurns = runs;
          resolve();
          return;
        }
        setImmediate(turn);
        loop.kick();
      };
      setImmediate(turn);
    });
    expect(runsDuringTurns).toBeGreaterThan(1);
    await loop.stop();
  });

  it("coalesces kicks that arrive during a step into one more step", async () => {
    let runs = 0;
    const first = gate();
    const loop = createLoop({
      name: "test",
      intervalMs: null,
      backoff,
      logger: silentLogger,
      step: async () => {
        runs += 1;
        if (runs === 1) await first.opened;
        return "idle";
      },
    });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(1));
    loop.kick();
    loop.kick();
    loop.kick();
    first.open();
    await vi.waitFor(() => expect(runs).toBe(2));
    await settle();
    expect(runs).toBe(2);
    await loop.stop();
  });

  it("runs again at once while the step reports more work", async () => {
    const results: LoopStepResult[] = ["again", "again", "idle"];
    let runs = 0;
    const loop = createLoop({
      name: "test",
      intervalMs: null,
      backoff,
      logger: silentLogger,
      step: async () => results[runs++] ?? "idle",
    });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(3));
    await settle();
    expect(runs).toBe(3);
    await loop.stop();
  });

  it("logs a failing step, retries it with backoff and recovers", async () => {
    let runs = 0;
    const warn = vi.fn();
    const failures: unknown[] = [];
    const loop = createLoop({
      name: "flaky",
      intervalMs: null,
      backoff,
      logger: { ...silentLogger, warn },
      onFailure: (error) => failures.push(error),
      step: async () => {
        runs += 1;
        if (runs <= 3) throw new Error(`outage ${runs}`);
        return "idle";
      },
    });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(4));
    expect(loop.failures).toBe(0);
    expect(failures).toHaveLength(3);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[2]?.[0]).toMatchObject({ loop: "flaky", failures: 3, retryInMs: 4 });
    await loop.stop();
  });

  it("stop waits for the step in flight and schedules nothing after it", async () => {
    let runs = 0;
    const first = gate();
    let finished = false;
    const loop = createLoop({
      name: "test",
      intervalMs: 1,
      backoff,
      logger: silentLogger,
      step: async () => {
        runs += 1;
        await first.opened;
        finished = true;
        return "again";
      },
    });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(1));
    const stopped = loop.stop();
    loop.kick();
    first.open();
    await stopped;
    expect(finished).toBe(true);
    await settle();
    expect(runs).toBe(1);
  });
});
