/** The upsert's conflict clause: a second write of a key replaces its value. */
export const BLOB_ON_CONFLICT =
  "on conflict (key) do update set value = excluded.value, size_bytes = excluded.size_bytes, updated_at = excluded.updated_at";

/**
 * The blob store's statements. Values are JSON text in a `text` column on both dialects (opaque
 * to the database, so key order and numbers round-trip exactly); keys compare bytewise, so a
 * prefix listing is a primary-key range scan.
 */
export const BLOB_SQL = {
  postgres: {
    /** Parameters: key, JSON text, size in bytes. */
    put: `insert into stageflow_blobs (key, value, size_bytes) values ($1, $2, $3)
${BLOB_ON_CONFLICT}`,
    get: "select value from stageflow_blobs where key = $1",
    has: "select 1 as found from stageflow_blobs where key = $1",
    delete: "delete from stageflow_blobs where key = $1",
    /** Parameters: lower bound (the prefix), upper bound. */
    listRange: "select key from stageflow_blobs where key >= $1 and key < $2",
    listFrom: "select key from stageflow_blobs where key >= $1",
  },
  sqlite: {
    put: `insert into stageflow_blobs (key, value, size_bytes) values (?, ?, ?)
${BLOB_ON_CONFLICT}`,
    get: "select value from stageflow_blobs where key = ?",
    has: "select 1 as found from stageflow_blobs where key = ?",
    delete: "delete from stageflow_blobs where key = ?",
    listRange: "select key from stageflow_blobs where key >= ? and key < ?",
    listFrom: "select key from stageflow_blobs where key >= ?",
  },
} as const;
