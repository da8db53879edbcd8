/**
 * The smallest string greater than every string starting with `prefix`, in code point order
 * (which is byte order of UTF-8: SQLite `BINARY`, Postgres `COLLATE "C"`), or `null` when there is
 * none. Lets prefix searches use a B-tree range (`key >= prefix and key < upper`) with no `LIKE`
 * escaping.
 *
 * @param prefix - the prefix.
 */
export function prefixUpperBound(prefix: string): string | null {
  const codePoints = Array.from(prefix, (char) => char.codePointAt(0) as number);
  while (codePoints.length > 0) {
    const last = (codePoints.pop() as number) + 1;
    if (last <= 0x10ffff) {
      codePoints.push(last >= 0xd800 && last <= 0xdfff ? 0xe000 : last);
      return String.fromCodePoint(...codePoints);
    }
  }
  return null;
}
