import type { EventOfType, StageflowEventType } from "../events/stageflow-event";

/** A plugin's handler of events of type `T`. */
export type PluginHandler<T extends StageflowEventType> = (
  event: EventOfType<T>,
) => void | Promise<void>;

/** Handlers of a plugin, keyed by event type, each typed for its event. */
export type PluginHandlers = { readonly [T in StageflowEventType]?: PluginHandler<T> };

/** A plugin: a plain object with a name and its event handlers. */
export interface Plugin {
  /** Identifies the plugin in errors. */
  readonly name: string;
  readonly handlers: PluginHandlers;
}

/**
 * Defines a plugin reacting to kernel events published through the outbox. Returns the plugin
 * (frozen) with its handlers typed per event type.
 *
 * @example
 * ```ts
 * const metrics = definePlugin({
 *   name: "metrics",
 *   handlers: {
 *     "workflow:completed": async (event) => record("completed", event.duration),
 *     "stage:failed": (event) => alert(event.error.message),
 *   },
 * });
 * ```
 * @throws `TypeError` when the name is empty or a handler is not a function.
 */
export function definePlugin<const P extends Plugin>(plugin: P): P {
  if (typeof plugin.name !== "string" || plugin.name.trim() === "") {
    throw new TypeError("definePlugin: name must be a non-empty string");
  }
  for (const [type, handler] of Object.entries(plugin.handlers ?? {})) {
    if (handler !== undefined && typeof handler !== "function") {
      throw new TypeError(
        `definePlugin "${plugin.name}": the handler of "${type}" is not a function`,
      );
    }
  }
  return Object.freeze({ ...plugin, handlers: Object.freeze({ ...plugin.handlers }) });
}
