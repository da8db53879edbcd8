import type { Kernel } from "@stageflow/kernel";

const SUBJECTS = ["Invoice twice", "Cannot login", "Feature idea", "Refund", "Password reset"];

/**
 * Creates `count` ticket runs. The idempotency key makes a repeated call return the same runs,
 * so a producer that crashes and restarts does not create duplicates.
 */
export async function produceTickets(
  kernel: Kernel,
  count: number,
  workMs = 400,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const subject = SUBJECTS[i % SUBJECTS.length] ?? "Question";
    const { workflowRunId } = await kernel.dispatch({
      type: "run.create",
      workflowId: "ticket-triage",
      input: {
        ticketId: `T-${String(i).padStart(4, "0")}`,
        subject,
        body: `Ticket ${i}: ${subject.toLowerCase()} — please help, the invoice or login is wrong.`,
      },
      config: Object.fromEntries(
        ["parse", "classify", "draft", "finalize"].map((id) => [id, { workMs }]),
      ),
      idempotencyKey: `ticket-${i}`,
    });
    ids.push(workflowRunId);
  }
  return ids;
}
