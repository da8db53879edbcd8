import {
  createKernel,
  createWorkflowRegistry,
  type EventSink,
  type Kernel,
  type StageflowEvent,
} from "@stageflow/kernel";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

const LEASE_MS = 1_000;

/**
 * `persistence` with the method `name` replaced, at each access, by what `replace` makes of the
 * original (bound to `persistence`).
 */
function overriding<P extends object>(
  persistence: P,
  name: keyof P,
  replace: (original: unknown) => unknown,
): P {
  return new Proxy(persistence, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      const bound = typeof value === "function" ? value.bind(target) : value;
      return property === name ? replace(bound) : bound;
    },
  });
}

function kernelWithSink(h: Harness, eventSink: EventSink): Kernel {
  return createKernel({
    persistence: h.persistence,
    blobStore: h.blobStore,
    jobTransport: h.jobTransport,
    eventSink,
    clock: h.clock,
    registry: createWorkflowRegistry([linearWorkflow()]),
    outbox: { claimLeaseMs: LEASE_MS },
  });
}

const key = (event: StageflowEvent) => `${event.workflowRunId}#${event.sequence}`;

/** No duplicates, and each run's sequences strictly increasing, in publishing order. */
function assertOncePerRunInOrder(published: readonly StageflowEvent[]): void {
  const keys = published.map(key);
  expect(keys.length - new Set(keys).size, "duplicates").toBe(0);
  const last = new Map<string, number>();
  for (const event of published) {
    const sequence = event.sequence ?? 0;
    expect(sequence, `${event.workflowRunId} went backwards`).toBeGreaterThan(
      last.get(event.workflowRunId) ?? 0,
    );
    last.set(event.workflowRunId, sequence);
  }
}

describe("outbox.flush keeps its claim while publishing", () => {
  it("a batch that takes many leases to publish: another flusher never gets its events", async () => {
    const h = createHarness([linearWorkflow()]);
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const runId = await h.create("linear", { text: `${i}` });
      await h.drive(runId);
      runs.push(runId);
    }
    const published: StageflowEvent[] = [];
    let other: Kernel | undefined;
    let stolen = 0;
    // Each publish takes 0.6 of a lease; meanwhile the other flusher tries to claim.
    const slow = kernelWithSink(h, {
      async emit(event) {
        h.clock.advance(LEASE_MS * 0.6);
        stolen += (await other?.dispatch({ type: "outbox.flush", workerId: "f2" }))?.published ?? 0;
        published.push(event);
      },
    });
    other = kernelWithSink(h, { emit: async (event) => void published.push(event) });
    const { published: count } = await slow.dispatch({
      type: "outbox.flush",
      workerId: "f1",
      maxEvents: 100,
    });
    expect(count).toBe(27);
    expect(stolen).toBe(0);
    assertOncePerRunInOrder(published);
  });

  it("one publish that outlasts the lease: the claim is renewed during it", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.drive(runId);
    const published: StageflowEvent[] = [];
    let stolen = 0;
    const other = kernelWithSink(h, { emit: async (event) => void published.push(event) });
    const claimedUntil = async () =>
      (await h.persistence.getOutboxEvents(runId)).at(-1)?.claimedUntil?.getTime() ?? 0;
    let first = true;
    const slow = kernelWithSink(h, {
      async emit(event) {
        if (first) {
          first = false;
          // Three leases pass during this one publish; each time, wait for the renewal.
          for (let step = 0; step < 12; step++) {
            h.clock.advance(LEASE_MS / 4);
            for (let wait = 0; wait < 2_000; wait++) {
              if ((await claimedUntil()) > h.clock.now().getTime() + LEASE_MS / 2) break;
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
            stolen += (await other.dispatch({ type: "outbox.flush", workerId: "f2" })).published;
          }
        }
        published.push(event);
      },
    });
    expect((await slow.dispatch({ type: "outbox.flush", workerId: "f1" })).published).toBe(9);
    expect(stolen).toBe(0);
    assertOncePerRunInOrder(published);
    expect(published).toHaveLength(9);
  });

  it("a flush whose mark fails hands every claim back at once", async () => {
    let databaseDown = true;
    const h = createHarness([linearWorkflow()], {
      wrapPersistence: (inner) =>
        overriding(inner, "markOutboxEventsPublished", (original) =>
          databaseDown
            ? async () => {
                throw new Error("database went away");
              }
            : original,
        ),
    });
    const a = await h.create("linear", { text: "a" });
    const b = await h.create("linear", { text: "b" });
    await expect(h.kernel.dispatch({ type: "outbox.flush", workerId: "f1" })).rejects.toThrow(
      "database went away",
    );
    databaseDown = false;
    // No clock movement: nothing waits for the lease of the failed flush.
    const again = await h.kernel.dispatch({ type: "outbox.flush", workerId: "f2" });
    expect(again.published).toBe(2);
    // The events whose publish was not recorded are delivered again (at least once).
    expect(h.eventSink.forRun(a).map((e) => e.sequence)).toEqual([1, 1]);
    expect(h.eventSink.forRun(b).map((e) => e.sequence)).toEqual([1, 1]);
    expect((await h.kernel.dispatch({ type: "outbox.flush", workerId: "f3" })).published).toBe(0);
  });

  it("a flush that fails midway still marks what it delivered and hands the rest back", async () => {
    let failRecord = true;
    const h = createHarness([linearWorkflow()], {
      wrapPersistence: (inner) =>
        overriding(inner, "recordOutboxFailure", (original) =>
          failRecord
            ? async () => {
                failRecord = false;
                throw new Error("database went away");
              }
            : original,
        ),
    });
    const runs = [
      await h.create("linear", { text: "a" }),
      await h.create("linear", { text: "b" }),
      await h.create("linear", { text: "c" }),
    ];
    // The second run's publish fails, and recording that failure fails too.
    const stop = h.eventSink.failWhen((event) => event.workflowRunId === runs[1]);
    await expect(h.kernel.dispatch({ type: "outbox.flush", workerId: "f1" })).rejects.toThrow(
      "database went away",
    );
    stop();
    const sentRuns = () => h.eventSink.events.map((event) => event.workflowRunId);
    expect(sentRuns()).toEqual([runs[0]]);
    const again = await h.kernel.dispatch({ type: "outbox.flush", workerId: "f2" });
    // The first run's event was marked by the failed flush; the other two were handed back.
    expect(again.published).toBe(2);
    expect(sentRuns().sort()).toEqual([...runs].sort());
  });

  it("marks the events of every run in a flush with one statement", async () => {
    let marks = 0;
    const h = createHarness([linearWorkflow()], {
      wrapPersistence: (inner) =>
        overriding(inner, "markOutboxEventsPublished", (original) => {
          marks++;
          return original;
        }),
    });
    for (const text of ["a", "b", "c", "d"]) await h.create("linear", { text });
    const flushed = await h.kernel.dispatch({ type: "outbox.flush", workerId: "f1" });
    expect(flushed.published).toBe(4);
    expect(marks).toBe(1);
  });
});
