/** The instrumentation scope name of Stageflow's tracer and meter. */
export const OTEL_SCOPE_NAME = "@stageflow/otel";
