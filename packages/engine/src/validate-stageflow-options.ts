import { validateAIOptions } from "./ai/validate-ai-options";
import { InvalidStageflowOptionsError } from "./errors/invalid-stageflow-options-error";
import type { StageflowOptions } from "./stageflow-options";

/**
 * Checks the shape of `createStageflow`'s options before anything is opened.
 *
 * @throws `InvalidStageflowOptionsError` naming the first option at fault.
 */
export function validateStageflowOptions(options: StageflowOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new InvalidStageflowOptionsError("options", "must be an object");
  }
  if (options.database === undefined || options.database === null) {
    throw new InvalidStageflowOptionsError(
      "database",
      'is required: a URL ("sqlite:PATH", "postgres://…"), a Kysely database or a pg Pool',
    );
  }
  if (!Array.isArray(options.workflows)) {
    throw new InvalidStageflowOptionsError("workflows", "must be an array of built workflows");
  }
  const ids = new Set<string>();
  options.workflows.forEach((workflow, index) => {
    if (typeof workflow?.id !== "string" || typeof workflow.getExecutionPlan !== "function") {
      throw new InvalidStageflowOptionsError(
        `workflows[${index}]`,
        "is not a workflow (build it with new WorkflowBuilder(…).pipe(…).build())",
      );
    }
    if (ids.has(workflow.id)) {
      throw new InvalidStageflowOptionsError(
        `workflows[${index}]`,
        `has the id "${workflow.id}" of an earlier workflow; workflow ids must be unique`,
      );
    }
    ids.add(workflow.id);
  });
  if (options.plugins !== undefined && !Array.isArray(options.plugins)) {
    throw new InvalidStageflowOptionsError("plugins", "must be an array of plugins");
  }
  if (options.schedules !== undefined && !Array.isArray(options.schedules)) {
    throw new InvalidStageflowOptionsError("schedules", "must be an array of schedule definitions");
  }
  const worker: unknown = options.worker;
  if (worker !== undefined && worker !== false && (typeof worker !== "object" || worker === null)) {
    throw new InvalidStageflowOptionsError(
      "worker",
      "must be false or an object of worker options",
    );
  }
  validateAIOptions(options.ai);
  const poll = options.resultPollIntervalMs;
  if (poll !== undefined && !(Number.isFinite(poll) && poll > 0)) {
    throw new InvalidStageflowOptionsError("resultPollIntervalMs", "must be a number > 0");
  }
}
