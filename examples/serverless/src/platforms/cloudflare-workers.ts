/**
 * A Cloudflare Worker for Stageflow with a Queue consumer and a Cron Trigger, typed structurally
 * (no `@cloudflare/workers-types` needed). In `wrangler.toml`:
 *
 *   [[queues.consumers]]  queue = "stageflow-jobs"
 *   [triggers]            crons = ["* * * * *"]
 */
import type { JobMessage, ServerlessHost } from "@stageflow/host-serverless";

/** One queue message (`Message<Body>` in workers-types). */
export interface QueueMessage<Body> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

/** A batch of queue messages (`MessageBatch<Body>`). */
export interface MessageBatch<Body> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
  ackAll(): void;
  retryAll(options?: { delaySeconds?: number }): void;
}

/** What a Cron Trigger passes (`ScheduledController`). */
export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry(): void;
}

/** The invocation context (`ExecutionContext`). */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** The Worker's exported handler: `export default createWorker((env) => hostFor(env))`. */
export function createWorker<Env>(
  hostFor: (env: Env) => ServerlessHost,
  afterBatch?: (env: Env) => Promise<unknown>,
) {
  return {
    async queue(batch: MessageBatch<JobMessage>, env: Env, _ctx: ExecutionContext): Promise<void> {
      const host = hostFor(env);
      for (const message of batch.messages) {
        const result = await host.handleJob(message.body);
        if (result.outcome === "failed") {
          // Back off a little more on every delivery.
          message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
        } else {
          message.ack();
        }
      }
      await afterBatch?.(env);
    },
    async scheduled(
      _controller: ScheduledController,
      env: Env,
      ctx: ExecutionContext,
    ): Promise<void> {
      ctx.waitUntil(hostFor(env).runMaintenanceTick());
    },
  };
}
