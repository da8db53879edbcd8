import { StageflowError } from "@stageflow/core";
import { describe, expect, it } from "vitest";
import { createHarness } from "./helpers/harness";
import { echoStage, linearWorkflow, workflowOf } from "./helpers/workflows";

describe("why a run failed or was cancelled is stored on the run and in its log", () => {
  it("keeps the failing stage's code, message, stack and attempt on the run", async () => {
    const failing = echoStage("a", {
      retry: { maxAttempts: 2, backoff: { initialDelayMs: 10 } },
      onExecute: () => {
        throw new StageflowError("quota gone for key sk-ant-api03-SECRETSECRETSECRET", {
          code: "QUOTA",
          retryable: true,
        });
      },
    });
    const h = createHarness([workflowOf("fails", [failing])]);
    const runId = await h.create("fails", {});
    const run = await h.drive(runId);

    expect(run.status).toBe("FAILED");
    expect(run.error).toMatchObject({ code: "QUOTA", stageId: "a", attempt: 2 });
    expect(run.error?.message).toBe("quota gone for key [redacted]");
    expect(run.error?.stack).toMatch(/StageflowError: quota gone for key \[redacted\]\n\s+at /);
    expect(JSON.stringify(run)).not.toContain("SECRETSECRET");

    const logs = await h.persistence.getLogs(runId);
    const lines = logs.map((line) => [line.level, line.stageId, line.message]);
    expect(lines).toContainEqual([
      "WARN",
      "a",
      expect.stringMatching(/^Attempt 1 failed; retrying at .*: quota gone/),
    ]);
    expect(lines).toContainEqual([
      "ERROR",
      "a",
      "Stage failed on attempt 2: quota gone for key [redacted]",
    ]);
    expect(lines).toContainEqual([
      "ERROR",
      null,
      'Run failed in stage "a": quota gone for key [redacted]',
    ]);
    const failedEvent = (await h.events(runId)).find((event) => event.type === "workflow:failed");
    expect(failedEvent).toMatchObject({ error: { code: "QUOTA", attempt: 2, stageId: "a" } });
    expect(failedEvent && "error" in failedEvent && failedEvent.error.stack).toBeFalsy();
  });

  it("keeps a cancel's reason on the run and in its log", async () => {
    const h = createHarness([linearWorkflow()]);
    const runId = await h.create("linear", { text: "x" });
    await h.claim();
    await h.kernel.dispatch({
      type: "run.cancel",
      workflowRunId: runId,
      reason: "user pressed stop",
    });
    const run = await h.run(runId);
    expect(run).toMatchObject({ status: "CANCELLED", cancelReason: "user pressed stop" });
    const logs = await h.persistence.getLogs(runId);
    expect(logs.map((line) => [line.level, line.message])).toContainEqual([
      "WARN",
      "Run cancelled: user pressed stop",
    ]);
  });
});
