/**
 * Shape of a workflow context: stage id → that stage's output. The default context of a
 * stage, meaning "no declared requirements" (`ctx.require` accepts any id and returns `unknown`).
 */
export type WorkflowContextShape = Record<string, unknown>;

/** The context of a workflow with no stages yet. */
export type EmptyWorkflowContext = Record<never, never>;
