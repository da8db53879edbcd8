/** Commander collector for a repeatable flag: `--status A --status B,C` → `["A", "B", "C"]`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}
