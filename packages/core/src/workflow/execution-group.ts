import type { AnyStage } from "../stage/stage";

/** A group of stages that run concurrently; groups run one after another. */
export interface ExecutionGroup {
  /** 1-based position of the group in the plan. */
  readonly index: number;
  /** The stages of the group, in the order they were added. */
  readonly stages: readonly AnyStage[];
}
