import type { Persistence } from "@stageflow/kernel";
import type { Scope } from "../scope/scope";

const scopes = new WeakMap<Persistence, Scope>();

/** Records where a `KyselyPersistence` runs its statements (its database or open transaction). */
export function registerPersistenceScope(persistence: Persistence, scope: Scope): void {
  scopes.set(persistence, scope);
}

/** The scope of a persistence of this package, or `undefined` for any other object. */
export function persistenceScope(persistence: Persistence): Scope | undefined {
  return scopes.get(persistence);
}
