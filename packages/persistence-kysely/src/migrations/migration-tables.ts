/** Name of the table recording applied Stageflow migrations (beside the application's own). */
export const STAGEFLOW_MIGRATION_TABLE = "stageflow_migrations";
/** Name of the table Kysely's migrator locks while migrating. */
export const STAGEFLOW_MIGRATION_LOCK_TABLE = "stageflow_migrations_lock";
