import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLambdaHandlers } from "../src/platforms/aws-lambda";
import { createServerlessApp } from "../src/serverless-app";
import { simulate } from "../src/simulate";

describe("the serverless host behind a queue and a cron trigger", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "stageflow-serverless-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(["aws-lambda", "cloudflare-workers"] as const)(
    "%s: every run completes through queue and cron invocations",
    async (platform) => {
      const report = await simulate({
        platform,
        filename: join(dir, "stageflow.sqlite"),
        runs: 4,
        cronEveryMs: 100,
      });
      expect(report.runs.map((r) => r.status)).toEqual(Array(4).fill("COMPLETED"));
      expect(report.runs[1]?.output).toEqual({
        delivered: "https://reports.example/customer-2.pdf",
        pages: 2,
      });
      // One message per job: 4 runs × 3 stages, each acknowledged once.
      expect(report.messagesSent).toBe(12);
      expect(report.jobsCompleted).toBe(12);
      // The suspended render stage was resumed by a cron tick, not by a waiting invocation.
      expect(report.cronInvocations).toBeGreaterThanOrEqual(2);
    },
  );

  it("a Lambda SQS record whose job is gone is not retried (skipped, not failed)", async () => {
    const app = await createServerlessApp({
      filename: join(dir, "db.sqlite"),
      send: async () => {},
    });
    try {
      const lambda = createLambdaHandlers(app.host);
      const body = JSON.stringify({
        jobId: "no-such-job",
        workflowRunId: "no-such-run",
        workflowId: "monthly-report",
        stageId: "collect",
        attempt: 1,
        maxAttempts: 3,
        payload: {},
      });
      const response = await lambda.sqs({ Records: [{ messageId: "m1", body }] });
      expect(response.batchItemFailures).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
