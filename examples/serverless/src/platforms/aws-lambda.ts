/**
 * AWS Lambda handlers for Stageflow, typed structurally (no `aws-lambda` package needed):
 *
 * - an SQS-triggered function runs one job per record and reports failed records through
 *   `batchItemFailures` (enable "ReportBatchItemFailures" on the event source mapping), so only
 *   those are retried;
 * - an EventBridge Scheduler (cron) function runs the maintenance tick.
 */
import type { JobMessage, MaintenanceTickResult, ServerlessHost } from "@stageflow/host-serverless";

/** The parts of an SQS record the handler reads. */
export interface SQSRecord {
  readonly messageId: string;
  readonly body: string;
  readonly attributes?: { readonly ApproximateReceiveCount?: string };
  readonly eventSource?: string;
}

/** What Lambda passes an SQS-triggered function. */
export interface SQSEvent {
  readonly Records: readonly SQSRecord[];
}

/** The partial-batch response: records listed here return to the queue. */
export interface SQSBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** What EventBridge passes a scheduled function (the fields the handler reads). */
export interface ScheduledEvent {
  readonly "detail-type"?: string;
  readonly time: string;
}

/** The handlers, given a host (create it once per container, outside the handler). */
export function createLambdaHandlers(host: ServerlessHost, afterBatch?: () => Promise<unknown>) {
  return {
    /** `handler` of the SQS-triggered function. */
    async sqs(event: SQSEvent): Promise<SQSBatchResponse> {
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const result = await host.handleJob(JSON.parse(record.body) as JobMessage);
        // completed / suspended: done. skipped: another worker has it or it is not due; the
        // maintenance tick covers it, so do not retry. failed: let SQS redeliver.
        if (result.outcome === "failed")
          batchItemFailures.push({ itemIdentifier: record.messageId });
      }
      await afterBatch?.();
      return { batchItemFailures };
    },
    /** `handler` of the scheduled function (e.g. `rate(1 minute)`). */
    async schedule(_event: ScheduledEvent): Promise<MaintenanceTickResult> {
      return host.runMaintenanceTick();
    },
  };
}
