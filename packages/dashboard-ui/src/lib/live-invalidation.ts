/** What the server sends per outbox event on `/api/stream` (`event: run`). */
export interface StreamMessage {
  workflowRunId: string;
  type: string;
  workflowId?: string;
  stageId?: string;
  status?: string;
}

/** Reads the `data` of a stream message; `null` when it is not one. */
export function parseStreamMessage(data: string): StreamMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.workflowRunId !== "string" || typeof record.type !== "string") return null;
  return record as unknown as StreamMessage;
}

/**
 * The query keys (prefixes) to refetch after a batch of stream messages: the runs list and
 * counts always (a new run or a status change may enter or leave the filtered list), each run
 * page concerned, and the dead letters and costs when any event arrived.
 */
export function keysToInvalidate(messages: readonly StreamMessage[]): string[][] {
  if (messages.length === 0) return [];
  const runIds = [...new Set(messages.map((m) => m.workflowRunId))];
  return [["runs"], ["count"], ["dlq"], ["costs"], ...runIds.map((id) => ["run", id])];
}
