import type { Kernel, RunStatus } from "@stageflow/kernel";
import { describe, expectTypeOf, it } from "vitest";
import {
  createNodeHost,
  type HostLogger,
  type NodeHost,
  type NodeHostOptions,
  type RunOutcome,
  runAndWait,
} from "./index";

describe("host-node types", () => {
  it("takes the kernel createKernel returns and returns a NodeHost", () => {
    expectTypeOf<Kernel>().toExtend<NodeHostOptions["kernel"]>();
    expectTypeOf(createNodeHost).returns.toEqualTypeOf<NodeHost>();
  });

  it("accepts console and pino-shaped loggers", () => {
    expectTypeOf(console).toExtend<HostLogger>();
    type PinoLike = {
      info(obj: object, msg?: string, ...args: unknown[]): void;
      warn(obj: object, msg?: string, ...args: unknown[]): void;
      error(obj: object, msg?: string, ...args: unknown[]): void;
      debug(obj: object, msg?: string, ...args: unknown[]): void;
    };
    expectTypeOf<PinoLike>().toExtend<HostLogger>();
  });

  it("resolves runAndWait with a final status only", () => {
    expectTypeOf(runAndWait).returns.resolves.toEqualTypeOf<RunOutcome>();
    expectTypeOf<RunOutcome["status"]>().toExtend<RunStatus>();
    expectTypeOf<"RUNNING">().not.toExtend<RunOutcome["status"]>();
  });
});
