import type { KernelDeps } from "../kernel/kernel-deps";

/**
 * Asks the optional `Scheduler` for a `schedule.tick` at `dueAt` (after the transaction that made a
 * schedule due then), so platforms with delayed delivery wake up exactly when a schedule is due.
 * Best effort: hosts tick on their own too.
 */
export async function requestTick(deps: KernelDeps, dueAt: Date | null): Promise<void> {
  if (deps.scheduler === undefined || dueAt === null) return;
  await deps.scheduler.schedule("schedule.tick", {}, dueAt).catch(() => {});
}
