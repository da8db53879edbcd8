import { loaded, metric, num, params, ratio, table } from "../format";
import type { ResultsFile } from "../results";

/** Issue 16: one-stage runs from a backlog created one by one, one node host. */
export function backlogSection(r: ResultsFile): string {
  const flags = (id: string) =>
    `${metric(r, id, "capped") ? " (capped)" : ""}${loaded(r, id) ? " ⚠" : ""}`;
  const gw = metric(r, "gw.default.backlog", "jps");
  const sf = metric(r, "sf.pg.backlog", "jps");
  const n = params(r, "backlog", "n");
  const conc = params(r, "backlog", "conc");
  return [
    `### Backlog: ${num(n)} one-stage runs created one by one, one node host, concurrency ${num(conc)}, jobs/s (host start → last \`workflow:completed\` delivered; graphile-worker: ${num(n)} no-op jobs, insert commit → all done)`,
    "",
    table(
      ["graphile-worker default", "Stageflow Postgres (× gw)"],
      [
        [
          `${num(gw)}${flags("gw.default.backlog")}`,
          `${num(sf)}${flags("sf.pg.backlog")} (${ratio(sf, gw)})`,
        ],
      ],
    ),
  ].join("\n");
}
