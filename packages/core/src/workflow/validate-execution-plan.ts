import { WorkflowDefinitionError } from "../errors/workflow-definition-error";
import type { AnyStage } from "../stage/stage";
import { validateStageDefinition } from "../stage/validate-stage-definition";

/**
 * Checks stage groups: every stage well formed, no group empty, ids unique, and every
 * dependency known and in an earlier group. Throws a {@link WorkflowDefinitionError}.
 */
export function validateExecutionPlan(
  workflowId: string,
  groups: readonly (readonly AnyStage[])[],
): void {
  if (groups.length === 0) {
    throw new WorkflowDefinitionError(
      "EMPTY_WORKFLOW",
      `Workflow "${workflowId}" has no stages: add at least one with pipe() or parallel()`,
      { workflowId },
    );
  }
  const groupOf = new Map<string, number>();
  groups.forEach((group, index) => {
    if (group.length === 0) {
      throw new WorkflowDefinitionError(
        "EMPTY_PARALLEL_GROUP",
        `Workflow "${workflowId}": group ${index + 1} has no stages`,
        { workflowId },
      );
    }
    for (const stage of group) {
      validateStageDefinition(stage);
      if (groupOf.has(stage.id)) {
        throw new WorkflowDefinitionError(
          "DUPLICATE_STAGE_ID",
          `Workflow "${workflowId}": stage id "${stage.id}" is used more than once`,
          { workflowId, stageId: stage.id },
        );
      }
      groupOf.set(stage.id, index + 1);
    }
  });
  for (const [index, group] of groups.entries()) {
    for (const stage of group) {
      for (const dependency of stage.dependencies) {
        const dependencyGroup = groupOf.get(dependency);
        if (dependencyGroup === undefined) {
          throw new WorkflowDefinitionError(
            "UNKNOWN_DEPENDENCY",
            `Workflow "${workflowId}": stage "${stage.id}" depends on "${dependency}", which is not in the workflow`,
            { workflowId, stageId: stage.id, details: { dependency } },
          );
        }
        if (dependencyGroup >= index + 1) {
          throw new WorkflowDefinitionError(
            "DEPENDENCY_NOT_BEFORE",
            `Workflow "${workflowId}": stage "${stage.id}" (group ${index + 1}) depends on "${dependency}" (group ${dependencyGroup}); a dependency must be in an earlier group`,
            { workflowId, stageId: stage.id, details: { dependency } },
          );
        }
      }
    }
  }
}
