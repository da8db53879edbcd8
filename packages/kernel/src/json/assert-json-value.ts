import { NotJsonSerializableError } from "../errors/kernel-errors";

/**
 * Throws `NotJsonSerializableError` naming the first place where `value` holds something JSON
 * cannot represent faithfully: a BigInt, a function, a symbol, `undefined` in an array, a
 * non-finite number, a cycle, or a class instance other than `Date` (which becomes an ISO string).
 * Adapters call it before writing, so bad values never reach the database.
 *
 * @param value - the value about to be stored.
 * @param path - a name for the value in the error message (e.g. `"stage output"`).
 */
export function assertJsonValue(value: unknown, path = "value"): void {
  check(value, path, new Set());
}

function check(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value))
        throw new NotJsonSerializableError(path, `${value} is not a finite number`);
      return;
    case "bigint":
      throw new NotJsonSerializableError(
        path,
        "a BigInt has no JSON form (convert it to a string or number)",
      );
    case "function":
      throw new NotJsonSerializableError(path, "a function has no JSON form");
    case "symbol":
      throw new NotJsonSerializableError(path, "a symbol has no JSON form");
    case "undefined":
      return;
  }
  if (value === null || value instanceof Date) return;
  const object = value as object;
  if (ancestors.has(object)) throw new NotJsonSerializableError(path, "it contains a cycle");
  ancestors.add(object);
  if (Array.isArray(object)) {
    object.forEach((item, index) => {
      if (item === undefined)
        throw new NotJsonSerializableError(
          `${path}[${index}]`,
          "undefined is not allowed in arrays",
        );
      check(item, `${path}[${index}]`, ancestors);
    });
  } else {
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (object as { constructor?: { name?: string } }).constructor?.name ?? "unknown";
      throw new NotJsonSerializableError(path, `an instance of ${name} is not plain data`);
    }
    for (const [key, item] of Object.entries(object)) check(item, `${path}.${key}`, ancestors);
  }
  ancestors.delete(object);
}
