import { loaded, metric, num, ratio, table } from "../format";
import type { ResultsFile } from "../results";

/** Issue 16: the concurrency-4 matrix case on tables holding many finished runs vs empty ones. */
export function seededSection(r: ResultsFile): string {
  const flags = (id: string) =>
    `${metric(r, id, "capped") ? " (capped)" : ""}${loaded(r, id) ? " ⚠" : ""}`;
  const rows = (["pg", "sqlite"] as const).flatMap((d) => {
    const id = `sf.${d}.seeded.c4.p1`;
    const c = r.cases.find((x) => x.id === id);
    if (c === undefined) return [];
    const empty = metric(r, `sf.${d}.matrix.c4.p1`, "jps");
    const seeded = metric(r, id, "jps");
    return [
      [
        d === "pg" ? "Postgres" : "SQLite",
        num(Number(c.params.seeded)),
        `${num(empty)}${flags(`sf.${d}.matrix.c4.p1`)}`,
        `${num(seeded)}${flags(id)} (${ratio(seeded, empty)})`,
        `${num(metric(r, id, "seed_ms"))} ms`,
      ],
    ];
  });
  return [
    "### Stage jobs/s with finished runs in the tables (3-stage no-op runs, concurrency 4, 1 process)",
    "",
    table(
      ["database", "finished runs seeded", "empty tables", "seeded (× empty)", "seeding took"],
      rows,
    ),
  ].join("\n");
}
