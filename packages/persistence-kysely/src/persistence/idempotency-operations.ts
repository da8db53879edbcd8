import { toJsonText } from "../codec/value-codec";
import type { Scope } from "../scope/scope";

/** `Persistence.completeIdempotencyKey`: stores the result (upsert) for later replays. */
export async function completeIdempotencyKey(
  scope: Scope,
  key: string,
  commandType: string,
  result: unknown,
  now: Date,
): Promise<void> {
  const text = toJsonText(result, "idempotency.result");
  const at = scope.context.codec.timestamp(now);
  await scope
    .executor()
    .insertInto("stageflow_idempotency_keys")
    .values({
      key,
      command_type: commandType,
      status: "COMPLETED",
      result: text,
      locked_at: at,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(["key", "command_type"]).doUpdateSet((eb) => ({
        status: "COMPLETED",
        result: eb.ref("excluded.result"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
}

/** `Persistence.releaseIdempotencyKey`: frees an IN_PROGRESS key; a completed key is kept. */
export async function releaseIdempotencyKey(
  scope: Scope,
  key: string,
  commandType: string,
): Promise<void> {
  await scope
    .executor()
    .deleteFrom("stageflow_idempotency_keys")
    .where("key", "=", key)
    .where("command_type", "=", commandType)
    .where("status", "=", "IN_PROGRESS")
    .execute();
}
