/** The SQL dialects Stageflow's Kysely adapter supports. */
export type StageflowDialect = "postgres" | "sqlite";
