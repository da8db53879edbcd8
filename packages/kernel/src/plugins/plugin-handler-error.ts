import { StageflowError } from "@stageflow/core";

/** A plugin's handler kept failing for an event; the emit rejects so the outbox retries it. */
export class PluginHandlerError extends StageflowError<"PLUGIN_HANDLER_FAILED"> {
  /** The failing plugin. */
  readonly pluginName: string;
  /** The event type being handled. */
  readonly eventType: string;
  /** How many times the handler was called. */
  readonly attempts: number;

  /**
   * @param pluginName - the plugin.
   * @param eventType - the event type.
   * @param attempts - calls made.
   * @param cause - the last error thrown by the handler.
   */
  constructor(pluginName: string, eventType: string, attempts: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Plugin "${pluginName}" failed to handle "${eventType}" after ${attempts} attempt(s): ${reason}`,
      {
        code: "PLUGIN_HANDLER_FAILED",
        retryable: true,
        cause,
        details: { pluginName, eventType, attempts },
      },
    );
    this.name = "PluginHandlerError";
    this.pluginName = pluginName;
    this.eventType = eventType;
    this.attempts = attempts;
  }
}
