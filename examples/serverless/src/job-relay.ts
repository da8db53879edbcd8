import { type JobMessage, jobMessageFor } from "@stageflow/host-serverless";
import { definePlugin, type Persistence, type StageflowEvent } from "@stageflow/kernel";

/** Sends one message to the platform queue; `delaySeconds` for jobs not due yet (retry backoff). */
export type SendJobMessage = (
  message: JobMessage,
  options: { delaySeconds: number },
) => Promise<void>;

/**
 * Turns due jobs into queue messages, driven by outbox events: after a run starts or one of its
 * stages completes, fails or resumes, the run's PENDING jobs are sent once each. This is the glue a
 * push platform (SQS, Cloudflare Queues) needs; pull platforms call `processAvailableJobs` instead.
 */
export function jobRelayPlugin(options: {
  readonly persistence: Pick<Persistence, "getJobsByRun">;
  readonly send: SendJobMessage;
  readonly now?: () => Date;
}) {
  const sent = new Set<string>();
  const relay = async (event: StageflowEvent) => {
    const now = options.now?.() ?? new Date();
    for (const job of await options.persistence.getJobsByRun(event.workflowRunId)) {
      const key = `${job.id}#${job.attempt}`;
      if (job.status !== "PENDING" || sent.has(key)) continue;
      const message = jobMessageFor(job);
      const delaySeconds = Math.max(
        0,
        Math.ceil((job.availableAt.getTime() - now.getTime()) / 1000),
      );
      await options.send(message, { delaySeconds });
      sent.add(key);
    }
  };
  return definePlugin({
    name: "job-relay",
    handlers: {
      "workflow:started": relay,
      "stage:completed": relay,
      "stage:failed": relay,
    },
  });
}
