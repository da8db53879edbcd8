import { isStageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import type { StageflowEvent } from "../events/stageflow-event";
import type { EventSink } from "../ports/event-sink";
import { createPluginRunner } from "./create-plugin-runner";
import { definePlugin } from "./define-plugin";

const completed: StageflowEvent = {
  type: "workflow:completed",
  workflowRunId: "run-1",
  workflowId: "wf",
  timestamp: "2030-01-01T00:00:00.000Z",
  output: { ok: true },
  duration: 5,
  totalCost: 0,
  totalTokens: 0,
  sequence: 4,
};
const created: StageflowEvent = {
  type: "workflow:created",
  workflowRunId: "run-1",
  workflowId: "wf",
  timestamp: "2030-01-01T00:00:00.000Z",
  priority: 5,
  sequence: 1,
};

function collecting(): EventSink & { events: StageflowEvent[] } {
  const events: StageflowEvent[] = [];
  return { events, emit: async (event) => void events.push(event) };
}

describe("definePlugin", () => {
  it("returns a frozen plugin with typed handlers", () => {
    const plugin = definePlugin({
      name: "metrics",
      handlers: { "workflow:completed": (event) => void event.duration },
    });
    expect(plugin.name).toBe("metrics");
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it("rejects an empty name", () => {
    expect(() => definePlugin({ name: " ", handlers: {} })).toThrow(/name/);
  });
});

describe("createPluginRunner", () => {
  it("runs matching handlers in plugin order, then forwards to the sink", async () => {
    const calls: string[] = [];
    const sink = collecting();
    const runner = createPluginRunner({
      plugins: [
        definePlugin({
          name: "a",
          handlers: { "workflow:completed": async (e) => void calls.push(`a:${e.duration}`) },
        }),
        definePlugin({
          name: "b",
          handlers: {
            "workflow:completed": () => void calls.push("b"),
            "workflow:created": () => void calls.push("b:created"),
          },
        }),
      ],
      eventSink: sink,
    });
    await runner.emit(completed);
    expect(calls).toEqual(["a:5", "b"]);
    expect(sink.events).toEqual([completed]);
  });

  it("retries a throwing handler in-process and succeeds", async () => {
    let calls = 0;
    const runner = createPluginRunner({
      plugins: [
        definePlugin({
          name: "flaky",
          handlers: {
            "workflow:completed": () => {
              calls++;
              if (calls < 3) throw new Error("down");
            },
          },
        }),
      ],
      maxRetries: 2,
    });
    await runner.emit(completed);
    expect(calls).toBe(3);
  });

  it("rejects after maxRetries so the outbox counts a failure, and does not forward", async () => {
    let calls = 0;
    const sink = collecting();
    const runner = createPluginRunner({
      plugins: [
        definePlugin({
          name: "broken",
          handlers: {
            "workflow:completed": () => {
              calls++;
              throw new Error("always");
            },
          },
        }),
      ],
      eventSink: sink,
      maxRetries: 1,
    });
    const error = await runner.emit(completed).catch((e: unknown) => e);
    expect(isStageflowError(error) && error.code).toBe("PLUGIN_HANDLER_FAILED");
    expect((error as Error).message).toContain('Plugin "broken"');
    expect(calls).toBe(2);
    expect(sink.events).toEqual([]);
  });

  it("processEvents emits in order and stops at the first failure", async () => {
    const seen: string[] = [];
    const runner = createPluginRunner({
      plugins: [
        definePlugin({
          name: "p",
          handlers: {
            "workflow:created": () => void seen.push("created"),
            "workflow:completed": () => {
              throw new Error("x");
            },
          },
        }),
      ],
      maxRetries: 0,
    });
    await expect(runner.processEvents([created, completed, created])).rejects.toThrow(/x/);
    expect(seen).toEqual(["created"]);
  });
});
