import type { AnyWorkflow } from "@stageflow/core";
import {
  type Clock,
  createKernel,
  createWorkflowRegistry,
  type Kernel,
  systemClock,
} from "@stageflow/kernel";
import { CollectingEventSink } from "@stageflow/testing";
import type { Backend } from "./backend";

/** A kernel over a backend, and the sink that collects what its outbox publishes. */
export interface BackendKernel {
  readonly kernel: Kernel;
  readonly sink: CollectingEventSink;
}

/** Wires a kernel for `workflows` over the ports of `backend`, publishing into a fresh sink. */
export function createBackendKernel(
  backend: Backend,
  workflows: readonly AnyWorkflow[],
  clock: Clock = systemClock,
): BackendKernel {
  const sink = new CollectingEventSink();
  const kernel = createKernel({
    persistence: backend.persistence,
    blobStore: backend.blobStore,
    jobTransport: backend.jobTransport,
    eventSink: sink,
    clock,
    registry: createWorkflowRegistry(workflows),
  });
  return { kernel, sink };
}
