/**
 * A workflow as far as typed run creation needs it: its id, and an input schema that carries its
 * types the Standard Schema way (`"~standard".types`, as every zod 4 schema does). A built
 * `Workflow` of `@stageflow/core` fits.
 */
export interface RunnableWorkflow {
  /** The id runs are created under. */
  readonly id: string;
  /** The run input's schema; only its static types are read. */
  readonly inputSchema: {
    readonly "~standard": { readonly types?: { readonly input: unknown } | undefined };
  };
}

/**
 * The input a caller passes to create a run of `W`: the input schema's input type (before
 * defaults and transforms), so a wrong shape is a compile error.
 *
 * @example
 * ```ts
 * type Input = RunInputOf<typeof wordCount>; // { text: string }
 * ```
 */
export type RunInputOf<W extends RunnableWorkflow> = NonNullable<
  W["inputSchema"]["~standard"]["types"]
>["input"];

/**
 * The output of a completed run of `W` (`unknown` for a workflow that does not carry its types).
 */
export type RunOutputOf<W> = W extends { readonly "~types"?: { readonly output: infer O } }
  ? O
  : unknown;
