import { describe, expect, it } from "vitest";
import { expectStageflowError } from "./helpers/expect-error";
import { createHarness } from "./helpers/harness";
import { linearWorkflow } from "./helpers/workflows";

const create = { type: "run.create" as const, workflowId: "linear", input: { text: "order-123" } };

describe("scenario: idempotent commands", () => {
  it("replaying run.create with the same key returns the first result and writes nothing", async () => {
    const h = createHarness([linearWorkflow()]);
    const first = await h.kernel.dispatch({ ...create, idempotencyKey: "order-123" });
    const outbox = await h.persistence.getOutboxEvents(first.workflowRunId);
    const second = await h.kernel.dispatch({ ...create, idempotencyKey: "order-123" });
    expect(second).toEqual(first);
    expect(await h.persistence.listRuns({})).toHaveLength(1);
    expect(await h.persistence.getOutboxEvents(first.workflowRunId)).toEqual(outbox);
  });

  it("keys are scoped by command type", async () => {
    const h = createHarness([linearWorkflow()]);
    await h.kernel.dispatch({ ...create, idempotencyKey: "k" });
    await h.persistence.acquireIdempotencyKey({
      key: "k",
      commandType: "job.execute",
      now: h.clock.now(),
      reclaimAfterMs: 1000,
    });
    const again = await h.kernel.dispatch({ ...create, idempotencyKey: "k" });
    expect((await h.persistence.listRuns({})).map((r) => r.id)).toEqual([again.workflowRunId]);
  });

  it("a key in progress raises IdempotencyInProgressError; it is reclaimed after reclaimAfterMs", async () => {
    const h = createHarness([linearWorkflow()], { idempotency: { reclaimAfterMs: 60_000 } });
    // A dispatcher took the key and crashed before completing it.
    await h.persistence.acquireIdempotencyKey({
      key: "order-9",
      commandType: "run.create",
      now: h.clock.now(),
      reclaimAfterMs: 60_000,
    });
    const error = await expectStageflowError(
      h.kernel.dispatch({ ...create, idempotencyKey: "order-9" }),
    );
    expect(error.code).toBe("IDEMPOTENCY_IN_PROGRESS");
    expect(error.name).toBe("IdempotencyInProgressError");
    expect(error.retryable).toBe(true);
    expect(await h.persistence.listRuns({})).toEqual([]);

    h.clock.advance(60_001);
    const result = await h.kernel.dispatch({ ...create, idempotencyKey: "order-9" });
    expect(result.status).toBe("PENDING");
    expect(await h.kernel.dispatch({ ...create, idempotencyKey: "order-9" })).toEqual(result);
  });

  it("a failed command releases its key so it can be dispatched again", async () => {
    const h = createHarness([linearWorkflow()]);
    await expectStageflowError(
      h.kernel.dispatch({ ...create, input: { text: 1 }, idempotencyKey: "order-7" }),
    );
    const result = await h.kernel.dispatch({ ...create, idempotencyKey: "order-7" });
    expect(result.status).toBe("PENDING");
  });

  it("job.execute with a key replays its result without running the body again", async () => {
    let executions = 0;
    const h = createHarness([linearWorkflow({ onExecute: () => void executions++ })]);
    await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    const key = `${job.id}:${job.attempt}`;
    const first = await h.execute(job, { idempotencyKey: key });
    const second = await h.execute(job, { idempotencyKey: key });
    expect(second).toEqual(first);
    expect(first.outcome).toBe("completed");
    expect(executions).toBe(1);
  });

  it("a skipped job.execute does not keep its key", async () => {
    const h = createHarness([linearWorkflow()]);
    await h.create("linear", { text: "x" });
    await h.claim();
    const job = await h.dequeue();
    if (job === undefined) throw new Error("no job");
    const skipped = await h.execute({ ...job, lockedBy: "other" }, { idempotencyKey: "k" });
    expect(skipped.outcome).toBe("skipped");
    expect(await h.execute(job, { idempotencyKey: "k" })).toMatchObject({ outcome: "completed" });
  });
});
