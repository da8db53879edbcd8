/**
 * `@stageflow/testing` — in-memory ports, a fake clock, an event-collecting sink and a test kernel
 * for testing Stageflow workflows, plus (at `@stageflow/testing/conformance`) the conformance
 * suites every persistence adapter must pass.
 *
 * @example
 * ```ts
 * import { createTestKernel } from "@stageflow/testing";
 *
 * const t = createTestKernel({ workflows: [myWorkflow] });
 * const { workflowRunId } = await t.kernel.dispatch({ type: "run.create", workflowId: "my-workflow", input });
 * const run = await t.runToCompletion(workflowRunId);
 * expect(run.status).toBe("COMPLETED");
 * ```
 *
 * @packageDocumentation
 */

export {
  CollectingEventSink,
  type FailedEmit,
  type InjectedError,
} from "./collecting-event-sink";
export { FakeClock, type FakeClockTime } from "./fake-clock";
export {
  type AICallRecordLike,
  type AICallStats,
  InMemoryAICallLogger,
} from "./in-memory/in-memory-ai-call-logger";
export { InMemoryBlobStore } from "./in-memory/in-memory-blob-store";
export { InMemoryJobTransport } from "./in-memory/in-memory-job-transport";
export {
  InMemoryPersistence,
  type InMemoryPersistenceOptions,
} from "./in-memory/in-memory-persistence";
export {
  createTestKernel,
  type TestKernel,
  type TestKernelOptions,
} from "./test-kernel/create-test-kernel";
export type {
  RunToCompletionOptions,
  RunUntilIdleOptions,
  RunUntilIdleResult,
} from "./test-kernel/kernel-driver";
