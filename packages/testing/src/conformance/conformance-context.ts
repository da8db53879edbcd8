import type { BlobStore, JobTransport, Persistence } from "@stageflow/kernel";
import { afterEach, beforeEach } from "vitest";

/**
 * What a conformance `setup` returns for one test: fresh, isolated stores (the Postgres adapter
 * gives each test its own schema), and an optional `teardown` run after the test.
 * One setup returning all three ports can be passed to every suite.
 */
export interface ConformanceContext {
  persistence: Persistence;
  /**
   * Logs an AI call where `persistence.queries.listAICalls` and `deleteRuns` see it (the
   * adapter's AI call logger). Required by the query and deleteRuns tests.
   */
  logAICall?(call: ConformanceAICall): Promise<void> | void;
  /** Required by `describeJobTransportConformance`; it must serve `persistence`'s jobs. */
  jobTransport?: JobTransport;
  /** Required by `describeBlobStoreConformance`. */
  blobStore?: BlobStore;
  /** Closes connections, drops the schema, … after each test. */
  teardown?(): Promise<void>;
}

/**
 * One AI call as the conformance suites log it (the fields of `AICallRecord` in `@stageflow/ai`).
 */
export interface ConformanceAICall {
  topic: string;
  provider: string;
  model: string;
  kind: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  batch: boolean;
  status: "succeeded" | "failed";
  error?: string;
  durationMs: number;
  workflowRunId?: string;
  stageId?: string;
  batchId?: string;
  createdAt: Date;
  /** A memo hit (see `AICallSummary.cached`). */
  cached?: boolean;
}

/** Called before each test; must resolve to stores that share nothing with other tests. */
export type ConformanceSetup<C = ConformanceContext> = () => Promise<C>;

/** The context of `describePersistenceConformance`. */
export interface PersistenceConformanceContext {
  persistence: Persistence;
  /** See `ConformanceContext.logAICall`. */
  logAICall?(call: ConformanceAICall): Promise<void> | void;
  teardown?(): Promise<void>;
}

/** The context of `describeJobTransportConformance`. */
export interface JobTransportConformanceContext {
  persistence: Persistence;
  jobTransport: JobTransport;
  teardown?(): Promise<void>;
}

/** The context of `describeBlobStoreConformance`. */
export interface BlobStoreConformanceContext {
  blobStore: BlobStore;
  teardown?(): Promise<void>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that call `setup` and `teardown` around every test of
 * the enclosing `describe`, and returns an accessor of the current test's context.
 */
export function useConformanceContext<C extends { teardown?(): Promise<void> }>(
  setup: () => Promise<C>,
  check?: (context: C) => void,
): () => C {
  let current: C | undefined;
  beforeEach(async () => {
    const context = await setup();
    check?.(context);
    current = context;
  });
  afterEach(async () => {
    const context = current;
    current = undefined;
    await context?.teardown?.();
  });
  return () => {
    if (!current) throw new Error("The conformance context is only available inside a test.");
    return current;
  };
}
