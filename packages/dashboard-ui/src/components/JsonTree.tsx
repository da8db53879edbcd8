import { jsonNode } from "../lib/json-node";

/**
 * A collapsible JSON tree on `<details>`: containers show a summary (`{3 keys}`) and open to
 * show their entries; levels below `openDepth` start closed.
 */
export function JsonTree({
  value,
  label,
  depth = 0,
  openDepth = 1,
}: {
  value: unknown;
  label?: string;
  depth?: number;
  openDepth?: number;
}) {
  const node = jsonNode(value);
  const key = label === undefined ? null : <span className="json-key">{label}: </span>;
  if (!("entries" in node)) {
    return (
      <div className="json-line">
        {key}
        <span className={`json-${node.kind}`}>{node.text}</span>
      </div>
    );
  }
  if (node.entries.length === 0 && node.cut === null) {
    return (
      <div className="json-line">
        {key}
        <span className="json-summary">{node.kind === "array" ? "[]" : "{}"}</span>
      </div>
    );
  }
  return (
    <details className="json-node" open={depth < openDepth}>
      <summary>
        {key}
        <span className="json-summary">{node.summary}</span>
      </summary>
      <div className="json-children">
        {node.entries.map(([k, v]) => (
          <JsonTree key={k} value={v} label={k} depth={depth + 1} openDepth={openDepth} />
        ))}
        {node.hidden > 0 && <div className="json-line muted">… {node.hidden} more</div>}
        {node.cut !== null && <div className="json-line muted">{node.cut} (cut for display)</div>}
      </div>
    </details>
  );
}
