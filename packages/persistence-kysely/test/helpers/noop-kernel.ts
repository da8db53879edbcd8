import { type AnyWorkflow, defineStage, WorkflowBuilder } from "@stageflow/core";
import { createKernel, createWorkflowRegistry, type Kernel, systemClock } from "@stageflow/kernel";
import type { Kysely } from "kysely";
import { z } from "zod";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
  type KyselyJobTransport,
  type KyselyPersistenceOptions,
  type StageflowDatabase,
} from "../../src/index";

const Empty = z.object({});

/** A stage that does nothing and outputs `{}`. */
function noopStage(id: string) {
  return defineStage({
    id,
    name: id,
    schemas: { input: "none", output: Empty, config: Empty },
    async execute() {
      return { output: {} };
    },
  });
}

/** A workflow `id` of no-op stages `stageIds`, one sequential group each. */
export function noopWorkflow(id: string, stageIds: readonly string[]): AnyWorkflow {
  let builder = new WorkflowBuilder(id, id, `${stageIds.length} no-op stages`, Empty, Empty);
  for (const stageId of stageIds) builder = builder.pipe(noopStage(stageId)) as typeof builder;
  return builder.build();
}

/**
 * A kernel over `db` (this package's persistence, blob store and transport, an event sink that
 * drops events, the system clock) knowing `workflows`, and its transport (close it).
 */
export function noopKernel(
  db: Kysely<StageflowDatabase>,
  workflows: readonly AnyWorkflow[],
  options: KyselyPersistenceOptions = {},
): { kernel: Kernel; transport: KyselyJobTransport } {
  const transport = createKyselyJobTransport(db);
  const kernel = createKernel({
    persistence: createKyselyPersistence(db, options),
    blobStore: createKyselyBlobStore(db),
    jobTransport: transport,
    eventSink: { emit: async () => {} },
    clock: systemClock,
    registry: createWorkflowRegistry(workflows),
  });
  return { kernel, transport };
}
