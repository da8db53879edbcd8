import type { StageflowEvent } from "../events/stageflow-event";
import type { EventSink } from "../ports/event-sink";
import type { Plugin, PluginHandler } from "./define-plugin";
import { PluginHandlerError } from "./plugin-handler-error";

/** Options of {@link createPluginRunner}. */
export interface PluginRunnerOptions {
  /** Plugins, run in this order for every event. */
  readonly plugins: readonly Plugin[];
  /** Receives every event after all plugins handled it. */
  readonly eventSink?: EventSink;
  /**
   * Extra in-process attempts of a throwing handler before the emit rejects (default 2, so
   * at most 3 calls). The outbox then counts a failed publish and retries or dead-letters it.
   */
  readonly maxRetries?: number;
}

/** An `EventSink` that runs plugins; usable as the kernel's `eventSink`. */
export interface PluginRunner extends EventSink {
  /** Runs the plugins (then the downstream sink) for one event; rejects when a handler gives up. */
  emit(event: StageflowEvent): Promise<void>;
  /** Emits `events` one after another, stopping at (and rejecting with) the first failure. */
  processEvents(events: Iterable<StageflowEvent>): Promise<void>;
}

/**
 * Composes plugins into an `EventSink`: for each event, every plugin's handler for its type is
 * called in plugin order (a throwing handler is retried up to `maxRetries` times in-process, then
 * the emit rejects with `PluginHandlerError`), then the event goes to `eventSink`.
 *
 * @example
 * ```ts
 * const runner = createPluginRunner({ plugins: [metrics, audit], eventSink: collecting });
 * const kernel = createKernel({ ...ports, eventSink: runner });
 * ```
 */
export function createPluginRunner(options: PluginRunnerOptions): PluginRunner {
  const maxRetries = options.maxRetries ?? 2;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError("createPluginRunner: maxRetries must be an integer >= 0");
  }
  const plugins = [...options.plugins];

  async function callWithRetries(plugin: Plugin, event: StageflowEvent): Promise<void> {
    const handler = plugin.handlers[event.type] as PluginHandler<typeof event.type> | undefined;
    if (handler === undefined) return;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
      try {
        await handler(event as never);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new PluginHandlerError(plugin.name, event.type, maxRetries + 1, lastError);
  }

  const runner: PluginRunner = {
    async emit(event) {
      for (const plugin of plugins) await callWithRetries(plugin, event);
      await options.eventSink?.emit(event);
    },
    async processEvents(events) {
      for (const event of events) await runner.emit(event);
    },
  };
  return runner;
}
