/**
 * A run's metadata as short `key=value` pairs for the runs list: scalars only (objects and
 * arrays as `{…}` / `[…]`), at most `max` pairs, then `+N`. Empty for no metadata.
 */
export function metadataPairs(metadata: Record<string, unknown> | null, max = 3): string[] {
  if (!metadata) return [];
  const entries = Object.entries(metadata);
  const shown = entries.slice(0, max).map(([key, value]) => {
    const text =
      value === null
        ? "null"
        : Array.isArray(value)
          ? "[…]"
          : typeof value === "object"
            ? "{…}"
            : String(value);
    return `${key}=${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
  });
  if (entries.length > max) shown.push(`+${entries.length - max}`);
  return shown;
}
