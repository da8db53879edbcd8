import type { JobMessage } from "@stageflow/host-serverless";
import type { RunStatus } from "@stageflow/kernel";
import { createLambdaHandlers } from "./platforms/aws-lambda";
import {
  createWorker,
  type ExecutionContext,
  type MessageBatch,
} from "./platforms/cloudflare-workers";
import { createServerlessApp } from "./serverless-app";
import { type QueuedMessage, SimulatedQueue } from "./simulated-queue";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  readonly platform: "aws-lambda" | "cloudflare-workers";
  /** The SQLite file standing in for the platform's database. */
  readonly filename: string;
  readonly runs: number;
  /** Milliseconds between cron ticks. Default 250 (a real cron fires every minute). */
  readonly cronEveryMs?: number;
  /** Messages per queue invocation. Default 5. */
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** What the simulation did. */
export interface SimulationReport {
  readonly runs: ReadonlyArray<{ workflowRunId: string; status: RunStatus; output: unknown }>;
  readonly queueInvocations: number;
  readonly cronInvocations: number;
  readonly messagesSent: number;
  readonly jobsCompleted: number;
}

const ctx: ExecutionContext = {
  waitUntil: () => {},
  passThroughOnException: () => {},
};

/**
 * Plays the platform: an "API" creates runs, the queue delivers job messages in batches to the
 * platform's queue handler, and a cron trigger calls the scheduled handler. Each call is one
 * "invocation" of the serverless host; nothing runs in between.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationReport> {
  const log = options.log ?? (() => {});
  const queue = new SimulatedQueue();
  const app = await createServerlessApp({
    filename: options.filename,
    send: async (message, { delaySeconds }) => queue.send(message, { delaySeconds }),
  });
  let jobsCompleted = 0;
  let queueInvocations = 0;
  let cronInvocations = 0;

  // The two platforms' handlers over the same host.
  const lambda = createLambdaHandlers(app.host, app.flush);
  const worker = createWorker(() => app.host, app.flush);
  const deliver = async (messages: QueuedMessage[]) => {
    queueInvocations += 1;
    if (options.platform === "aws-lambda") {
      const response = await lambda.sqs({
        Records: messages.map((m) => ({ messageId: m.id, body: JSON.stringify(m.body) })),
      });
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      for (const m of messages) failed.has(m.id) ? queue.retry(m.id, 1) : queue.ack(m.id);
      jobsCompleted += messages.length - failed.size;
      return;
    }
    const batch: MessageBatch<JobMessage> = {
      queue: "stageflow-jobs",
      messages: messages.map((m) => ({
        id: m.id,
        timestamp: new Date(),
        body: m.body,
        attempts: m.attempts,
        ack: () => {
          queue.ack(m.id);
          jobsCompleted += 1;
        },
        retry: (o) => queue.retry(m.id, o?.delaySeconds),
      })),
      ackAll: () => {
        for (const m of messages) queue.ack(m.id);
      },
      retryAll: () => {
        for (const m of messages) queue.retry(m.id);
      },
    };
    await worker.queue(batch, {}, ctx);
  };
  const cron = async () => {
    cronInvocations += 1;
    if (options.platform === "aws-lambda") {
      await lambda.schedule({ time: new Date().toISOString() });
    } else {
      let tick: Promise<unknown> = Promise.resolve();
      await worker.scheduled(
        { scheduledTime: Date.now(), cron: "* * * * *", noRetry: () => {} },
        {},
        {
          ...ctx,
          waitUntil: (p) => {
            tick = p;
          },
        },
      );
      await tick;
    }
  };

  try {
    // The "API": create runs (idempotent, so a retried request creates nothing new).
    const runIds: string[] = [];
    for (let i = 1; i <= options.runs; i++) {
      const { workflowRunId } = await app.kernel.dispatch({
        type: "run.create",
        workflowId: "monthly-report",
        input: { customer: `customer-${i}`, months: i },
        idempotencyKey: `report-${i}`,
      });
      runIds.push(workflowRunId);
    }
    log(`created ${runIds.length} runs; waiting for the cron trigger to claim them`);

    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    let nextCron = Date.now();
    for (;;) {
      if (Date.now() >= nextCron) {
        await cron();
        nextCron = Date.now() + (options.cronEveryMs ?? 250);
      }
      const messages = queue.receive(options.batchSize ?? 5);
      if (messages.length > 0) await deliver(messages);
      const runs = await Promise.all(runIds.map((id) => app.persistence.getRun(id)));
      if (runs.every((r) => r && ["COMPLETED", "FAILED", "CANCELLED"].includes(r.status))) break;
      if (Date.now() > deadline) throw new Error("simulation timed out");
      if (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const runs = await Promise.all(
      runIds.map(async (id) => {
        const run = await app.persistence.getRun(id);
        return { workflowRunId: id, status: run?.status ?? "FAILED", output: run?.output };
      }),
    );
    log(
      `${queueInvocations} queue invocations, ${cronInvocations} cron invocations, ${queue.sent} messages`,
    );
    return { runs, queueInvocations, cronInvocations, messagesSent: queue.sent, jobsCompleted };
  } finally {
    await app.close();
  }
}
