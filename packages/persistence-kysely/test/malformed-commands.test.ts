import { defineStage, isStageflowError, WorkflowBuilder } from "@stageflow/core";
import { createKernel, createWorkflowRegistry, type Kernel, systemClock } from "@stageflow/kernel";
import {
  CollectingEventSink,
  InMemoryBlobStore,
  InMemoryJobTransport,
  InMemoryPersistence,
} from "@stageflow/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createKyselyBlobStore,
  createKyselyJobTransport,
  createKyselyPersistence,
} from "../src/index";
import { type CountingPorts, countingPorts } from "./helpers/counting-ports";
import { malformedCommands, VALID_COMMANDS } from "./helpers/malformed-commands";
import { dumpTables } from "./helpers/table-rows";
import { TARGETS, type TestTarget } from "./helpers/targets";

const stage = defineStage({
  id: "a",
  name: "A",
  schemas: { input: z.object({ n: z.number() }), output: z.number(), config: z.object({}) },
  execute: async (ctx) => ({ output: ctx.input.n }),
});
const workflow = new WorkflowBuilder(
  "wf",
  "WF",
  "one stage",
  z.object({ n: z.number() }),
  z.number(),
)
  .pipe(stage)
  .build();

interface FuzzBackend {
  readonly ports: CountingPorts;
  /** Everything stored, to compare before and after (`null`: the port call count is the check). */
  dump(): Promise<unknown>;
  teardown(): Promise<void>;
}

const BACKENDS: Record<string, () => Promise<FuzzBackend>> = {
  memory: async () => {
    const persistence = new InMemoryPersistence();
    return {
      ports: countingPorts({
        persistence,
        jobTransport: new InMemoryJobTransport(persistence),
        blobStore: new InMemoryBlobStore(),
      }),
      dump: async () => null,
      teardown: async () => {},
    };
  },
  sqlite: () => kyselyBackend(TARGETS["sqlite (file)"]),
  postgres: () => kyselyBackend(TARGETS.postgres),
};

async function kyselyBackend(open: () => Promise<TestTarget>): Promise<FuzzBackend> {
  const target = await open();
  return {
    ports: countingPorts({
      persistence: createKyselyPersistence(target.db),
      jobTransport: createKyselyJobTransport(target.db),
      blobStore: createKyselyBlobStore(target.db),
    }),
    dump: () => dumpTables(target.db),
    teardown: target.teardown,
  };
}

const CASES = malformedCommands();

for (const [name, open] of Object.entries(BACKENDS)) {
  describe(`malformed commands: ${name}`, () => {
    let backend: FuzzBackend;
    let kernel: Kernel;
    beforeAll(async () => {
      backend = await open();
      kernel = createKernel({
        ...backend.ports,
        eventSink: new CollectingEventSink(),
        clock: systemClock,
        registry: createWorkflowRegistry([workflow]),
      });
      // Something stored already, so "nothing written" is checked against real rows.
      await kernel.dispatch({ type: "run.create", workflowId: "wf", input: { n: 1 } });
    });
    afterAll(() => backend.teardown());

    it(`rejects all ${CASES.length} with InvalidCommandError naming the field, touching no port and writing no row`, async () => {
      expect(CASES.length).toBeGreaterThan(200);
      const before = await backend.dump();
      const wrong: string[] = [];
      for (const { name: caseName, command, field } of CASES) {
        backend.ports.reset();
        const error = await kernel.dispatch(command as never).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        const got = isStageflowError(error)
          ? `${error.code} ${String((error as { field?: unknown }).field)}`
          : `untyped ${String(error)}`;
        const ok =
          isStageflowError(error) &&
          error.code === "INVALID_COMMAND" &&
          String((error as { field?: unknown }).field).startsWith(field) &&
          backend.ports.calls.length === 0;
        if (!ok)
          wrong.push(`${caseName}: got ${got}; port calls ${backend.ports.calls.join(", ")}`);
      }
      expect(wrong).toEqual([]);
      expect(await backend.dump()).toEqual(before);
    });

    it("names the unknown command type with UnknownCommandError, touching no port", async () => {
      backend.ports.reset();
      await expect(kernel.dispatch({ type: "run.explode" } as never)).rejects.toMatchObject({
        code: "UNKNOWN_COMMAND",
        commandType: "run.explode",
      });
      expect(backend.ports.calls).toEqual([]);
    });

    it("accepts every valid command the cases are derived from", async () => {
      for (const command of Object.values(VALID_COMMANDS)) {
        const error = await kernel.dispatch(command as never).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(isStageflowError(error) ? error.code : error, String(command.type)).not.toBe(
          "INVALID_COMMAND",
        );
      }
    });
  });
}
