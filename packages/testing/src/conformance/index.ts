/**
 * `@stageflow/testing/conformance` — the conformance suites every Stageflow adapter runs (with
 * vitest, an optional peer dependency). The in-memory adapters, SQLite and Postgres all pass the
 * same tests; `setup` is called before each test and must return fresh, isolated stores.
 *
 * @example
 * ```ts
 * import {
 *   describeBlobStoreConformance,
 *   describeJobTransportConformance,
 *   describePersistenceConformance,
 * } from "@stageflow/testing/conformance";
 *
 * const setup = async () => {
 *   const persistence = new InMemoryPersistence();
 *   return { persistence, jobTransport: new InMemoryJobTransport(persistence), blobStore: new InMemoryBlobStore() };
 * };
 * describePersistenceConformance("in-memory", setup);
 * describeJobTransportConformance("in-memory", setup);
 * describeBlobStoreConformance("in-memory", setup);
 * ```
 *
 * @packageDocumentation
 */

export type {
  BlobStoreConformanceContext,
  ConformanceAICall,
  ConformanceContext,
  ConformanceSetup,
  JobTransportConformanceContext,
  PersistenceConformanceContext,
} from "./conformance-context";
export { describeBlobStoreConformance } from "./describe-blob-store-conformance";
export { describeJobTransportConformance } from "./describe-job-transport-conformance";
export {
  describePersistenceConformance,
  type PersistenceConformanceOptions,
} from "./describe-persistence-conformance";
