/**
 * The workflow every end-to-end test runs, on one vendor's provider: `prepare` (sync) trims and
 * numbers the texts, marking `Classify:` prompts as structured-output requests; `ask` (async
 * batch) submits them in one batch, suspends, and on each poll checks the batch, cancelling it
 * once the stage gives up waiting.
 */
import {
  type AICallRecord,
  type AIProvider,
  createAIHelper,
  type ProviderName,
} from "@stageflow/ai";
import { defineAsyncBatchStage, defineStage, WorkflowBuilder } from "@stageflow/core";
import { createTestKernel, InMemoryAICallLogger, type TestKernel } from "@stageflow/testing";
import { expect } from "vitest";
import { z } from "zod";
import { executeNextJob } from "./kernel-steps";

/** How often the stage is polled, and how far each test moves the clock between polls. */
export const POLL = 60_000;
const MAX_WAIT = 24 * 3_600_000;

/** The structured output asked for by `Classify:` prompts. */
export const Verdict = z.object({ topic: z.string(), durable: z.boolean() });
const Request = z.object({ id: z.string(), prompt: z.string(), kind: z.enum(["text", "object"]) });
const Requests = z.object({ requests: z.array(Request) });
const Result = z.object({
  id: z.string(),
  status: z.enum(["succeeded", "failed"]),
  value: z.union([z.string(), z.array(z.number()), Verdict]).nullable(),
  error: z.string().nullable(),
  rawText: z.string().nullable(),
});
/** The run's output: one result per request, in arrival order. */
export const Output = z.object({ results: z.array(Result) });
/** One request's outcome as the workflow outputs it. */
export type AskResult = z.output<typeof Result>;
const AskConfig = z.object({
  /** Cancel the batch when it is still running this long after submission. */
  cancelAfterMs: z.number().positive().optional(),
});

/** What the workflow needs to know about the vendor under test. */
export interface AskVendor {
  provider: ProviderName;
  model: string;
  /** A new provider (and SDK client) on the fake server; built per helper, as a restarted worker would. */
  createProvider: () => AIProvider;
  workflow: { id: string; name: string; description: string };
  /** The run's input; blank texts are dropped by `prepare`. */
  texts: readonly string[];
  /** What the vendor's batch ids look like. */
  batchIdPattern: RegExp;
}

/** A test kernel running `prepare` → `ask` on the vendor, and `restart` for a second worker. */
export function setupAsk(vendor: AskVendor) {
  // @stageflow/testing's logger, typed with @stageflow/ai's record: it must fit `AICallLogger`.
  const aiLogger = new InMemoryAICallLogger<AICallRecord>();
  const ai = (ctx: { workflowRunId: string; stageId: string }) =>
    createAIHelper(`ask.${ctx.workflowRunId}`, aiLogger, {
      providers: { [vendor.provider]: vendor.createProvider() },
      stage: ctx,
    });
  const batchOf = (ctx: { workflowRunId: string; stageId: string }) =>
    ai(ctx).batch<string | number[] | z.output<typeof Verdict>>(vendor.model, vendor.provider);

  const prepare = defineStage({
    id: "prepare",
    name: "Prepare prompts",
    schemas: {
      input: z.object({ texts: z.array(z.string()) }),
      output: Requests,
      config: z.object({}),
    },
    async execute(ctx) {
      const prompts = ctx.input.texts.map((t) => t.trim()).filter((t) => t !== "");
      const requests = prompts.map((prompt, i) => ({
        id: `q${i}`,
        prompt,
        kind: prompt.startsWith("Classify:") ? ("object" as const) : ("text" as const),
      }));
      return { output: { requests } };
    },
  });
  const ask = defineAsyncBatchStage({
    id: "ask",
    name: "Ask in a batch",
    mode: "async-batch",
    schemas: { input: Requests, output: Output, config: AskConfig },
    async execute(ctx) {
      const handle = await batchOf(ctx).submit(
        ctx.input.requests.map(({ id, prompt, kind }) =>
          kind === "object" ? { id, prompt, schema: Verdict } : { id, prompt },
        ),
      );
      const now = t.clock.now();
      return {
        suspended: true,
        state: {
          batchId: handle.id,
          submittedAt: now.toISOString(),
          pollInterval: POLL,
          maxWaitTime: MAX_WAIT,
          metadata: handle.metadata,
        },
        pollConfig: {
          pollInterval: POLL,
          maxWaitTime: MAX_WAIT,
          nextPollAt: new Date(now.getTime() + POLL),
        },
      };
    },
    async checkCompletion(state, ctx) {
      const batch = batchOf(ctx);
      const { status, providerStatus } = await batch.getStatus(state.batchId);
      if (status === "failed") {
        return { ready: false, error: `batch ${state.batchId} failed (${providerStatus})` };
      }
      if (status !== "completed") {
        const waited = t.clock.now().getTime() - Date.parse(state.submittedAt);
        const { cancelAfterMs } = ctx.config;
        if (cancelAfterMs !== undefined && waited >= cancelAfterMs) {
          if (!(await ctx.storage.exists("cancelRequested"))) {
            await batch.cancel(state.batchId);
            await ctx.storage.save("cancelRequested", true);
          }
        }
        return { ready: false, nextCheckIn: POLL };
      }
      // The JSON Schemas kept in the metadata validate the object results (as after a restart).
      const results = await batch.getResults(state.batchId, state.metadata);
      // Kept in arrival order: the fakes return results unordered; readers match them by id.
      const items = results.map((r) => ({
        id: r.id,
        status: r.status,
        value: r.result ?? null,
        error: r.error ?? null,
        rawText: r.rawText ?? null,
      }));
      return { ready: true, output: { results: items } };
    },
  });
  const { id, name, description } = vendor.workflow;
  const workflow = new WorkflowBuilder(
    id,
    name,
    description,
    z.object({ texts: z.array(z.string()) }),
    Output,
  )
    .pipe(prepare)
    .pipe(ask)
    .build();
  const t: TestKernel = createTestKernel({ workflows: [workflow] });
  /** Another worker over the same stores: what resumes the run after a restart. */
  const restart = () =>
    createTestKernel({
      workflows: [workflow],
      persistence: t.persistence,
      jobTransport: t.jobTransport,
      blobStore: t.blobStore,
      clock: t.clock,
      eventSink: t.eventSink,
      workerId: "worker-2",
    });
  return { t, aiLogger, restart };
}

/** run.create → run.claimPending → job.execute(prepare) → job.execute(ask): suspended. */
export async function startUntilSuspended(
  t: TestKernel,
  vendor: AskVendor,
  config: z.input<typeof AskConfig> = {},
) {
  const { workflowRunId } = await t.kernel.dispatch({
    type: "run.create",
    workflowId: vendor.workflow.id,
    input: { texts: vendor.texts },
    config: { ask: config },
  });
  await t.kernel.dispatch({ type: "run.claimPending", workerId: t.workerId });
  expect(await executeNextJob(t)).toMatchObject({ stageId: "prepare", outcome: "completed" });
  expect(await executeNextJob(t)).toMatchObject({ stageId: "ask", outcome: "suspended" });
  const stage = await t.persistence.getStage(workflowRunId, "ask");
  expect(stage).toMatchObject({
    status: "SUSPENDED",
    nextPollAt: new Date(t.clock.now().getTime() + POLL),
  });
  const state = stage?.suspendedState as { batchId: string; metadata: { aiBatch: unknown } };
  expect(state.batchId).toMatch(vendor.batchIdPattern);
  expect(state.metadata.aiBatch).toMatchObject({
    batchId: state.batchId,
    provider: vendor.provider,
  });
  // Not due yet: nothing is checked before the clock reaches nextPollAt.
  expect(await t.kernel.dispatch({ type: "stage.pollSuspended" })).toMatchObject({ checked: 0 });
  return { workflowRunId, batchId: state.batchId };
}
