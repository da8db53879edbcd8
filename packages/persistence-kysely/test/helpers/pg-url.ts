/** The Postgres the tests use. */
export const PG_URL = process.env.STAGEFLOW_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
