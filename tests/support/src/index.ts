/**
 * Shared fixtures of Stageflow's own tests (private; consumed as TypeScript source by vitest):
 * the sample scenario workflows and the {@link Probe} that observes them, a {@link FakeKernel},
 * isolated Postgres schemas, temporary SQLite files, and storage backends (memory, SQLite,
 * Postgres) with a kernel wired over them.
 *
 * @example
 * ```ts
 * import { createBackendKernel, createScenarioWorkflows, createSqliteBackend, Probe } from "@stageflow/test-support";
 *
 * const probe = new Probe();
 * const backend = await createSqliteBackend();
 * const { kernel, sink } = createBackendKernel(backend, Object.values(createScenarioWorkflows(probe)));
 * await kernel.dispatch({ type: "run.create", workflowId: "linear", input: { value: 1 } });
 * await backend.close();
 * ```
 *
 * @packageDocumentation
 */

export {
  type Backend,
  createMemoryBackend,
  createPostgresBackend,
  createSqliteBackend,
  type KyselyBackend,
  type PostgresBackend,
  type PostgresBackendOptions,
} from "./backend";
export { type BackendKernel, createBackendKernel } from "./backend-kernel";
export { FakeKernel } from "./fake-kernel";
export { createTestSchema, PG_URL, type TestSchema } from "./postgres-schema";
export { Probe } from "./probe";
export { createSqliteFile, type SqliteFile, type StageflowDb } from "./sqlite-file";
export { createScenarioWorkflows } from "./workflows";
