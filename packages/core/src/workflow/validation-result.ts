import type { ValidationError } from "../errors/validation-error";

/** Result of `Workflow.validateConfig`: the parsed config per stage id, or the error. */
export type ConfigValidationResult =
  | { readonly success: true; readonly config: Record<string, unknown> }
  | { readonly success: false; readonly error: ValidationError };

/** Result of `Workflow.validateInput`: the parsed input, or the error. */
export type InputValidationResult<TInput> =
  | { readonly success: true; readonly input: TInput }
  | { readonly success: false; readonly error: ValidationError };

/** Result of `Workflow.parseStageOutput`: the parsed output, or the error. */
export type OutputValidationResult<TOutput> =
  | { readonly success: true; readonly output: TOutput }
  | { readonly success: false; readonly error: ValidationError };
