/** A run or stage status as a coloured badge (the text is the status itself). */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} data-testid={testId}>
      {status}
    </span>
  );
}
