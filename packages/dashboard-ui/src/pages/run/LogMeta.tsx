/** A log line's meta: inline JSON when short, else a collapsed pretty-printed block. */
export function LogMeta({ meta }: { meta: Record<string, unknown> }) {
  const text = JSON.stringify(meta);
  if (text.length <= 160) return <code className="log-meta">{text}</code>;
  return (
    <details className="log-meta">
      <summary>details</summary>
      <pre className="stack">{JSON.stringify(meta, null, 2)}</pre>
    </details>
  );
}
