import type { PluginReplayDLQCommand, PluginReplayDLQResult } from "../commands/command-types";
import type { KernelDeps } from "../kernel/kernel-deps";

/**
 * `plugin.replayDLQ`: moves up to `maxEvents` (default 100) dead-lettered outbox events back to
 * PENDING with their retry count reset, so the next `outbox.flush` publishes them in order. With
 * `eventIds`, only those of the listed events that are in the DLQ (`maxEvents` defaults to their
 * number); unknown ids are ignored.
 */
export async function handlePluginReplayDLQ(
  deps: KernelDeps,
  command: PluginReplayDLQCommand,
): Promise<PluginReplayDLQResult> {
  if (command.eventIds === undefined) {
    return { replayed: await deps.persistence.replayDeadLetters(command.maxEvents ?? 100) };
  }
  const eventIds = [...new Set(command.eventIds)];
  const replayed = await deps.persistence.replayDeadLetters(command.maxEvents ?? eventIds.length, {
    eventIds,
  });
  return { replayed };
}
