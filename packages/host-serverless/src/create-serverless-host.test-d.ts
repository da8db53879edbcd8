import type { Kernel } from "@stageflow/kernel";
import { describe, expectTypeOf, it } from "vitest";
import {
  createServerlessHost,
  type HandleJobResult,
  type MaintenanceTickResult,
  type ProcessAvailableJobsResult,
  type ServerlessHost,
  type ServerlessHostOptions,
} from "./index";

describe("host-serverless types", () => {
  it("takes the kernel createKernel returns", () => {
    expectTypeOf<Kernel>().toExtend<ServerlessHostOptions["kernel"]>();
    expectTypeOf(createServerlessHost).returns.toEqualTypeOf<ServerlessHost>();
  });

  it("has the spec's result shapes", () => {
    expectTypeOf<HandleJobResult["outcome"]>().toEqualTypeOf<
      "completed" | "suspended" | "failed" | "skipped"
    >();
    expectTypeOf<ProcessAvailableJobsResult>().toEqualTypeOf<{
      readonly processed: number;
      readonly succeeded: number;
      readonly failed: number;
    }>();
    expectTypeOf<MaintenanceTickResult>().toExtend<{
      readonly claimed: number;
      readonly suspendedChecked: number;
      readonly staleReleased: number;
      readonly eventsFlushed: number;
      readonly stuckRepaired: number;
    }>();
  });
});
