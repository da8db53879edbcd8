import type { Hono } from "hono";
import type { DashboardContext } from "../dashboard-context";

/** A workflow as `GET /api/meta` lists it. */
export interface MetaWorkflow {
  readonly id: string;
  readonly name: string;
  readonly stages: readonly {
    readonly id: string;
    readonly name: string;
    readonly group: number;
  }[];
}

/** What the UI needs before anything else: title, base path, write switches, workflows. */
export function metaBody(context: DashboardContext) {
  const workflows: MetaWorkflow[] = context.workflows.map((workflow) => ({
    id: workflow.id,
    name: workflow.name,
    stages: workflow
      .getExecutionPlan()
      .flatMap((group) =>
        group.stages.map((stage) => ({ id: stage.id, name: stage.name, group: group.index })),
      ),
  }));
  return {
    title: context.title,
    basePath: context.basePath,
    readOnly: context.readOnly,
    actions: { ...context.actions },
    workflows,
  };
}

/** `GET /api/meta`. */
export function registerMetaRoute(api: Hono, context: DashboardContext): void {
  api.get("/meta", (c) => c.json(metaBody(context)));
}
