import type { PluginReplayDLQCommand, PluginReplayDLQResult } from "../commands/command-types";
import type { KernelDeps } from "../kernel/kernel-deps";

/**
 * `plugin.replayDLQ`: moves up to `maxEvents` (default 100) dead-lettered outbox events back to
 * PENDING with their retry count reset, so the next `outbox.flush` publishes them in order.
 */
export async function handlePluginReplayDLQ(
  deps: KernelDeps,
  command: PluginReplayDLQCommand,
): Promise<PluginReplayDLQResult> {
  const replayed = await deps.persistence.replayDeadLetters(command.maxEvents ?? 100);
  return { replayed };
}
