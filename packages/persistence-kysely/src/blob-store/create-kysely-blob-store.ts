import type { BlobStore } from "@stageflow/kernel";
import type { Kysely } from "kysely";
import { prefixUpperBound } from "../codec/prefix-range";
import { toJsonText } from "../codec/value-codec";
import { getDatabaseContext } from "../database/database-context";
import { translateSchemaErrors } from "../errors/translate-schema-errors";
import { persistenceScope } from "../persistence/persistence-scopes";
import type { StageflowDatabase } from "../schema/stageflow-database";
import { runSql } from "../scope/run-sql";
import { rootScope } from "../scope/scope";
import { speculativeCommitOf } from "../speculation/kysely-speculative-commit";
import { BLOB_SQL } from "./blob-sql";

/**
 * Stageflow's `BlobStore` in the `stageflow_blobs` table of a database from
 * `createPostgresDatabase` or `createSqliteDatabase`. Values must be JSON-representable
 * (`NotJsonSerializableError` otherwise, nothing written); a top-level `undefined` is stored as
 * `null`. Values of many megabytes are fine on both dialects. `putInTransaction` joins a
 * transaction of `createKyselyPersistence` on the same database, so the kernel commits a stage's
 * output with its completion.
 *
 * @example
 * ```ts
 * const blobStore = createKyselyBlobStore(db);
 * await blobStore.put("runs/r1/stages/a/output", { text: "…" });
 * const keys = await blobStore.list("runs/r1/");
 * ```
 *
 * @param db - the Stageflow database.
 */
export function createKyselyBlobStore(db: Kysely<StageflowDatabase>): BlobStore {
  const scope = rootScope(db, getDatabaseContext(db, "createKyselyBlobStore"));
  const statements = BLOB_SQL[scope.context.dialect];
  return translateSchemaErrors<BlobStore>({
    async put(key, value) {
      const text = toJsonText(value, "blob value") ?? "null";
      await runSql(scope, statements.put, [key, text, Buffer.byteLength(text)]);
    },
    async putInTransaction(tx, key, value) {
      const speculative = speculativeCommitOf(tx);
      if (speculative !== undefined) {
        if (!speculative.sharesDatabaseWith(scope)) return false;
        const text = toJsonText(value, "blob value") ?? "null";
        speculative.putBlob(key, text, Buffer.byteLength(text));
        return true;
      }
      const txScope = persistenceScope(tx);
      if (txScope === undefined || txScope.context !== scope.context) return false;
      const text = toJsonText(value, "blob value") ?? "null";
      await runSql(txScope, statements.put, [key, text, Buffer.byteLength(text)]);
      return true;
    },
    async get<T = unknown>(key: string): Promise<T | undefined> {
      const { rows } = await runSql<{ value: string | null }>(scope, statements.get, [key]);
      const row = rows[0];
      if (!row) return undefined;
      return (row.value === null ? null : JSON.parse(row.value)) as T;
    },
    async has(key) {
      const { rows } = await runSql(scope, statements.has, [key]);
      return rows.length > 0;
    },
    async delete(key) {
      await runSql(scope, statements.delete, [key]);
    },
    async list(prefix) {
      const upper = prefixUpperBound(prefix);
      const { rows } =
        upper === null
          ? await runSql<{ key: string }>(scope, statements.listFrom, [prefix])
          : await runSql<{ key: string }>(scope, statements.listRange, [prefix, upper]);
      return rows
        .map((row) => row.key)
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
  });
}
