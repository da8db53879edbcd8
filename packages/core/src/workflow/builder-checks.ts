import type { InferStageContext, InferStageId, InferStageOutput } from "../stage/infer-stage";

/** Flattens an intersection for readable hover types. */
export type Simplify<T> = { [K in keyof T]: T[K] };

/** A compile-time error carried in a parameter type; the message explains what is wrong. */
export interface StageflowTypeError<TMessage extends string> {
  /** Never present: its absence makes the argument fail to type-check with this message. */
  readonly "~stageflowError": TMessage;
}

/** The keys of `TRequired` that `TAvailable` lacks or types incompatibly. */
export type UnmetRequirements<TAvailable, TRequired> = {
  [K in keyof TRequired]: K extends keyof TAvailable
    ? [TAvailable[K]] extends [TRequired[K]]
      ? never
      : K
    : K;
}[keyof TRequired];

/** `never` when stage `S` may follow the stages in `TContext`, else an error message. */
export type StageProblem<TContext, S> =
  string extends InferStageId<S>
    ? RequirementProblem<TContext, S>
    : InferStageId<S> extends keyof TContext
      ? `Duplicate stage id "${InferStageId<S>}"`
      : RequirementProblem<TContext, S>;

type RequirementProblem<TContext, S> = [TContext] extends [InferStageContext<S>]
  ? never
  : `Stage "${InferStageId<S>}" reads "${UnmetRequirements<TContext, InferStageContext<S>> & string}", which no earlier group provides with that type`;

/** `unknown` when stage `S` may follow `TContext`, else a {@link StageflowTypeError}. */
export type CheckStage<TContext, S> = [StageProblem<TContext, S>] extends [never]
  ? unknown
  : StageflowTypeError<StageProblem<TContext, S>>;

/** `unknown` when every stage of a parallel group may follow `TContext`, else an error. */
export type CheckStages<TContext, S extends readonly unknown[]> = [
  { [I in keyof S]: StageProblem<TContext, S[I]> }[number],
] extends [never]
  ? unknown
  : StageflowTypeError<{ [I in keyof S]: StageProblem<TContext, S[I]> }[number]>;

/** `TContext` plus stage `S` (id → output); a stage typed with a plain `string` id adds nothing. */
export type AddStage<TContext, S> =
  string extends InferStageId<S>
    ? TContext
    : Simplify<TContext & { [K in InferStageId<S>]: InferStageOutput<S> }>;

/** `TContext` plus every stage of a parallel group. */
export type AddStages<TContext, S extends readonly unknown[]> = Simplify<
  TContext & {
    [X in S[number] as string extends InferStageId<X>
      ? never
      : InferStageId<X>]: InferStageOutput<X>;
  }
>;
