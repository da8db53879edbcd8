import type { AIBatchInfo, AICallLogger, AICallRecord, AIStats } from "@stageflow/ai";
import { describe, expectTypeOf, it } from "vitest";
import type {
  AIBatchInfoShape,
  AICallRecordShape,
  AIStatsShape,
  KyselyAICallLogger,
} from "../src/index";

describe("createKyselyAICallLogger conforms to @stageflow/ai's AICallLogger", () => {
  it("is assignable to AICallLogger", () => {
    expectTypeOf<KyselyAICallLogger>().toExtend<AICallLogger>();
  });

  it("accepts every AICallRecord and answers AIStats", () => {
    expectTypeOf<AICallRecord>().toExtend<AICallRecordShape>();
    expectTypeOf<AIStatsShape>().toExtend<AIStats>();
  });

  it("keeps and gives back AIBatchInfo", () => {
    expectTypeOf<AIBatchInfo>().toExtend<AIBatchInfoShape>();
    expectTypeOf<AIBatchInfoShape>().toExtend<AIBatchInfo>();
  });
});
