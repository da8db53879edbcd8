import type { z } from "zod";
import type { WorkflowContextShape } from "../context/workflow-context";
import { ValidationError } from "../errors/validation-error";
import { WorkflowDefinitionError } from "../errors/workflow-definition-error";
import type { AnyStage } from "../stage/stage";
import type { ExecutionGroup } from "./execution-group";
import { validateExecutionPlan } from "./validate-execution-plan";
import type {
  ConfigValidationResult,
  InputValidationResult,
  OutputValidationResult,
} from "./validation-result";
import { defaultConfigOf, mergeConfigOf, validateConfigOf } from "./workflow-config";
import { formatIssues, toValidationIssues } from "./zod-issues";

/** Everything a {@link Workflow} is made of. Usually produced by `WorkflowBuilder.build()`. */
export interface WorkflowDefinition<
  TInputSchema extends z.ZodType = z.ZodType,
  TOutputSchema extends z.ZodType = z.ZodType,
> {
  /** Unique id of the workflow. */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Longer description. */
  readonly description: string;
  /** Schema of the run input. */
  readonly inputSchema: TInputSchema;
  /** Schema of the run output. */
  readonly outputSchema: TOutputSchema;
  /** Stage groups in execution order. */
  readonly groups: readonly (readonly AnyStage[])[];
  /**
   * Default AI cost budget of a run, in USD, when `run.create` gives none (see docs/ai.md, cost
   * budgets). Undefined: no budget.
   */
  readonly budgetUsd?: number | undefined;
}

/** Type-only record of a workflow's (or builder's) type parameters; never present at run time. */
export interface WorkflowTypes<TInput, TOutput, TContext> {
  /** The parsed run input. */
  readonly input: TInput;
  /** The run output. */
  readonly output: TOutput;
  /** Stage id → output, for every stage. */
  readonly context: TContext;
}

/** Throws `INVALID_WORKFLOW_DEFINITION` unless `value` is a non-empty string. */
export function assertWorkflowText(field: string, value: unknown, workflowId?: string): void {
  if (typeof value === "string" && value.trim() !== "") return;
  throw new WorkflowDefinitionError(
    "INVALID_WORKFLOW_DEFINITION",
    `Invalid workflow${workflowId ? ` "${workflowId}"` : ""}: ${field} must be a non-empty string`,
    workflowId ? { workflowId } : {},
  );
}

/**
 * A validated, immutable workflow: stage groups plus schemas. Build one with
 * `WorkflowBuilder`; constructing directly validates the same way.
 *
 * @typeParam TContext - stage id → output for every stage; see `InferWorkflowContext`.
 */
export class Workflow<
  TInputSchema extends z.ZodType = z.ZodType,
  TOutputSchema extends z.ZodType = z.ZodType,
  TContext extends WorkflowContextShape = WorkflowContextShape,
> {
  /** Unique id of the workflow. */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Longer description. */
  readonly description: string;
  /** Schema of the run input. */
  readonly inputSchema: TInputSchema;
  /** Schema of the run output. */
  readonly outputSchema: TOutputSchema;
  /** Default AI cost budget of a run in USD (`WorkflowBuilder.budget`), or undefined for none. */
  readonly budgetUsd: number | undefined;
  /** Type-only carrier of the type parameters; never present at run time. */
  declare readonly "~types"?: WorkflowTypes<
    z.output<TInputSchema>,
    z.output<TOutputSchema>,
    TContext
  >;
  readonly #plan: readonly ExecutionGroup[];
  readonly #stages: ReadonlyMap<string, { readonly stage: AnyStage; readonly group: number }>;

  /**
   * @throws {@link WorkflowDefinitionError} when the definition is malformed.
   */
  constructor(definition: WorkflowDefinition<TInputSchema, TOutputSchema>) {
    assertWorkflowText("id", definition.id);
    assertWorkflowText("name", definition.name, definition.id);
    validateExecutionPlan(definition.id, definition.groups);
    this.id = definition.id;
    this.name = definition.name;
    this.description = definition.description;
    this.inputSchema = definition.inputSchema;
    this.outputSchema = definition.outputSchema;
    this.budgetUsd = checkedBudget(definition.id, definition.budgetUsd);
    this.#plan = Object.freeze(
      definition.groups.map((stages, i) =>
        Object.freeze({ index: i + 1, stages: Object.freeze([...stages]) }),
      ),
    );
    this.#stages = new Map(
      this.#plan.flatMap((g) =>
        g.stages.map((stage) => [stage.id, { stage, group: g.index }] as const),
      ),
    );
    Object.freeze(this);
  }

  /** The stage groups in execution order, numbered from 1. */
  getExecutionPlan(): readonly ExecutionGroup[] {
    return this.#plan;
  }

  /** Every stage id, in plan order. */
  getStageIds(): string[] {
    return [...this.#stages.keys()];
  }

  /** Every stage, in plan order. */
  getStages(): AnyStage[] {
    return this.#plan.flatMap((g) => g.stages);
  }

  /** The stage with this id, if any. */
  getStage(stageId: string): AnyStage | undefined {
    return this.#stages.get(stageId)?.stage;
  }

  /** The 1-based index of the group holding this stage, if any. */
  getGroupIndex(stageId: string): number | undefined {
    return this.#stages.get(stageId)?.group;
  }

  /** The group with this 1-based index, if any. */
  getGroup(index: number): ExecutionGroup | undefined {
    return this.#plan[index - 1];
  }

  /** Each stage's config parsed from `{}` (zod defaults), keyed by stage id; a stage whose config cannot be defaulted gets no entry. */
  getDefaultConfig(): Record<string, unknown> {
    return defaultConfigOf(this.getStages());
  }

  /** The default config overlaid, per stage id and shallowly, by `overrides`. Not validated. */
  mergeConfig(overrides?: Record<string, unknown>): Record<string, unknown> {
    return mergeConfigOf(this.getStages(), overrides);
  }

  /**
   * Parses a config (stage id → stage config) with each stage's schema. A missing stage entry
   * parses `{}`. The error names every failing stage and every unknown stage id.
   */
  validateConfig(config: unknown): ConfigValidationResult {
    return validateConfigOf(this.getStages(), config);
  }

  /** Parses a run input with the input schema. */
  validateInput(input: unknown): InputValidationResult<z.output<TInputSchema>> {
    const result = this.inputSchema.safeParse(input);
    if (result.success) return { success: true, input: result.data };
    const issues = toValidationIssues(result.error);
    const message = `Invalid input for workflow "${this.id}": ${formatIssues(issues)}`;
    return { success: false, error: new ValidationError(message, issues, { cause: result.error }) };
  }

  /** Parses a stage's output with its output schema; unknown stage ids fail. */
  parseStageOutput(stageId: string, value: unknown): OutputValidationResult<unknown> {
    const stage = this.getStage(stageId);
    if (stage === undefined) {
      const issue = { path: "", message: `Unknown stage id "${stageId}"`, stageId };
      return { success: false, error: new ValidationError(issue.message, [issue]) };
    }
    const result = stage.schemas.output.safeParse(value);
    if (result.success) return { success: true, output: result.data };
    const issues = toValidationIssues(result.error, { stageId });
    const message = `Invalid output of stage "${stageId}": ${formatIssues(issues)}`;
    return { success: false, error: new ValidationError(message, issues, { cause: result.error }) };
  }
}

/**
 * Any workflow, whatever its types. Structural (the class's private state is left out), so
 * a workflow built with another copy of `@stageflow/core` is accepted too.
 */
export type AnyWorkflow = Pick<
  Workflow<z.ZodType, z.ZodType, WorkflowContextShape>,
  keyof Workflow<z.ZodType, z.ZodType, WorkflowContextShape>
>;

/** `budgetUsd` when it is a finite number of at least 0; throws `INVALID_WORKFLOW_DEFINITION`. */
function checkedBudget(workflowId: string, budgetUsd: number | undefined): number | undefined {
  if (budgetUsd === undefined) return undefined;
  if (typeof budgetUsd !== "number" || !Number.isFinite(budgetUsd) || budgetUsd < 0) {
    throw new WorkflowDefinitionError(
      "INVALID_WORKFLOW_DEFINITION",
      `Workflow "${workflowId}": budget must be a finite number of USD >= 0, got ${String(budgetUsd)}`,
      { workflowId },
    );
  }
  return budgetUsd;
}
