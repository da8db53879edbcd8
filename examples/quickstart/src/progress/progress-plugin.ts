import { definePlugin, type StageflowEvent } from "@stageflow/kernel";
import type { ProgressTracker } from "./progress-tracker";

/**
 * A plugin feeding outbox events to the tracker. Plugins see each run's events once, in order,
 * after the state change committed (the transactional outbox), whichever worker caused it.
 */
export function progressPlugin(tracker: ProgressTracker) {
  const apply = (event: StageflowEvent) => tracker.apply(event);
  return definePlugin({
    name: "quickstart-progress",
    handlers: {
      "stage:started": apply,
      "stage:suspended": apply,
      "stage:completed": apply,
      "stage:failed": apply,
      "workflow:completed": apply,
      "workflow:failed": apply,
      "workflow:cancelled": apply,
    },
  });
}
