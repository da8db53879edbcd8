import type { StageTypes } from "./stage";

/** The type-only record of a stage's type parameters. */
type TypesOf<S> = S extends {
  readonly "~types"?: infer T extends StageTypes<string, unknown, unknown, unknown, unknown>;
}
  ? T
  : never;

/** The output type of a stage. */
export type InferStageOutput<S> = TypesOf<S>["output"];

/** The parsed input type of a stage (`undefined` for `input: "none"`). */
export type InferStageInput<S> = TypesOf<S>["input"];

/** The parsed config type of a stage. */
export type InferStageConfig<S> = TypesOf<S>["config"];

/** The id type of a stage (a string literal when it was inferred). */
export type InferStageId<S> = S extends { readonly id: infer Id extends string } ? Id : never;

/** The context a stage declares it reads: stage id → output. */
export type InferStageContext<S> = TypesOf<S>["context"];
