import type { z } from "zod";
import type { EmptyWorkflowContext, WorkflowContextShape } from "../context/workflow-context";
import { WorkflowDefinitionError } from "../errors/workflow-definition-error";
import type { AnyStage } from "../stage/stage";
import type { AddStage, AddStages, CheckStage, CheckStages } from "./builder-checks";
import { assertWorkflowText, Workflow, type WorkflowTypes } from "./workflow";

/**
 * Builds a {@link Workflow} group by group. Immutable: `pipe` and `parallel` return a new
 * builder and leave this one unchanged, so a partial builder can be shared. The type
 * parameter `TContext` grows with every stage (stage id → output), and adding a stage whose
 * declared context is not provided by earlier groups is a compile error.
 *
 * @example
 * ```ts
 * const workflow = new WorkflowBuilder("docs", "Docs", "Summarise documents", Input, Output)
 *   .pipe(extract)
 *   .parallel([classify, summarize])
 *   .build();
 * ```
 */
export class WorkflowBuilder<
  TInputSchema extends z.ZodType,
  TOutputSchema extends z.ZodType,
  TContext extends WorkflowContextShape = EmptyWorkflowContext,
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
  /** Type-only carrier of the type parameters; never present at run time. */
  declare readonly "~types"?: WorkflowTypes<
    z.output<TInputSchema>,
    z.output<TOutputSchema>,
    TContext
  >;
  #groups: readonly (readonly AnyStage[])[] = Object.freeze([]);
  #budgetUsd: number | undefined;

  /**
   * @param id - unique id of the workflow.
   * @param name - human-readable name.
   * @param description - longer description.
   * @param inputSchema - schema of the run input.
   * @param outputSchema - schema of the run output.
   * @throws {@link WorkflowDefinitionError} (`INVALID_WORKFLOW_DEFINITION`) for an empty id or name.
   */
  constructor(
    id: string,
    name: string,
    description: string,
    inputSchema: TInputSchema,
    outputSchema: TOutputSchema,
  ) {
    assertWorkflowText("id", id);
    assertWorkflowText("name", name, id);
    this.id = id;
    this.name = name;
    this.description = description;
    this.inputSchema = inputSchema;
    this.outputSchema = outputSchema;
    Object.freeze(this);
  }

  /** The stage groups added so far (a frozen copy). */
  get groups(): readonly (readonly AnyStage[])[] {
    return this.#groups;
  }

  /** Returns a new builder with `stage` appended as a group of one. */
  pipe<S extends AnyStage>(
    stage: S & CheckStage<TContext, S>,
  ): WorkflowBuilder<TInputSchema, TOutputSchema, AddStage<TContext, S>> {
    return this.#append([stage]);
  }

  /**
   * Returns a new builder with `stages` appended as one group that runs concurrently.
   *
   * @throws {@link WorkflowDefinitionError} (`EMPTY_PARALLEL_GROUP`) for an empty array.
   */
  parallel<const S extends readonly AnyStage[]>(
    stages: S & CheckStages<TContext, S>,
  ): WorkflowBuilder<TInputSchema, TOutputSchema, AddStages<TContext, S>> {
    if (stages.length === 0) {
      throw new WorkflowDefinitionError(
        "EMPTY_PARALLEL_GROUP",
        `Workflow "${this.id}": parallel() needs at least one stage (group ${this.#groups.length + 1})`,
        { workflowId: this.id },
      );
    }
    return this.#append(stages);
  }

  /**
   * Returns a new builder whose runs get this AI cost budget (USD) when `run.create` names none:
   * an AI call that would take a run over it is refused before it is made (see docs/ai.md).
   *
   * @throws {@link WorkflowDefinitionError} (`INVALID_WORKFLOW_DEFINITION`) at `build()` for a
   *   budget that is not a finite number >= 0.
   */
  budget(maxUsd: number): WorkflowBuilder<TInputSchema, TOutputSchema, TContext> {
    const next = this.#append<TContext>(null);
    next.#budgetUsd = maxUsd;
    return next;
  }

  /**
   * Validates the groups and returns the {@link Workflow}.
   *
   * @throws {@link WorkflowDefinitionError} for no stages, duplicate ids, or a dependency
   *   that is unknown or not in an earlier group.
   */
  build(): Workflow<TInputSchema, TOutputSchema, TContext> {
    return new Workflow({
      id: this.id,
      name: this.name,
      description: this.description,
      inputSchema: this.inputSchema,
      outputSchema: this.outputSchema,
      groups: this.#groups,
      budgetUsd: this.#budgetUsd,
    });
  }

  #append<TNext extends WorkflowContextShape>(
    group: readonly AnyStage[] | null,
  ): WorkflowBuilder<TInputSchema, TOutputSchema, TNext> {
    const next = new WorkflowBuilder<TInputSchema, TOutputSchema, TNext>(
      this.id,
      this.name,
      this.description,
      this.inputSchema,
      this.outputSchema,
    );
    next.#groups =
      group === null ? this.#groups : Object.freeze([...this.#groups, Object.freeze([...group])]);
    next.#budgetUsd = this.#budgetUsd;
    return next;
  }
}
