import { createConsoleLogger, createPluginRunner, definePlugin } from "@stageflow/kernel";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

function failingAudit() {
  return createPluginRunner({
    plugins: [
      definePlugin({
        name: "audit",
        handlers: {
          "workflow:created": () => {
            throw new Error("audit service down");
          },
        },
      }),
    ],
  });
}

describe("the kernel's default logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints a plugin failure and the move to the dead-letter queue on the console", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const h = createHarness([linearWorkflow()], { eventSink: failingAudit() });
    const runId = await h.create("linear", { text: "x" });
    // Each failed delivery is retried at its due time (retry backoff): wait for it between flushes.
    for (let flush = 0; flush < 3; flush += 1) await h.flushThenWait();

    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /^\[stageflow\] publishing an event failed; it will be retried .*"eventType":"workflow:created".* audit service down/,
    );
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toContain("dead-letter queue");
    expect(String(error.mock.calls[0]?.[0])).toContain(runId);
  });

  it("is replaced by a given pino-compatible logger", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const lines: Array<[string, Record<string, unknown>, string | undefined]> = [];
    const record =
      (level: string) =>
      (obj: Record<string, unknown>, msg?: string): void =>
        void lines.push([level, obj, msg]);
    const logger = {
      info: record("info"),
      warn: record("warn"),
      error: record("error"),
      debug: record("debug"),
    };
    const h = createHarness([linearWorkflow()], { eventSink: failingAudit(), logger });
    await h.create("linear", { text: "x" });
    await h.kernel.dispatch({ type: "outbox.flush" });
    expect(warn).not.toHaveBeenCalled();
    expect(lines.map(([level, obj]) => [level, obj.eventType])).toEqual([
      ["warn", "workflow:created"],
    ]);
  });

  it("formats fields and the error's code on one line", () => {
    const out: string[] = [];
    const logger = createConsoleLogger({ warn: (l: string) => out.push(l), error: () => {} });
    logger.warn({ err: Object.assign(new Error("x"), { code: "E_X" }), n: 1 }, "it broke");
    logger.info({}, "dropped");
    expect(out).toEqual(['[stageflow] it broke {"n":1} — Error [E_X]: x']);
  });
});
