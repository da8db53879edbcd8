import type { JsonPreview } from "../api/types";
import { formatBytes } from "../lib/json-node";
import { JsonTree } from "./JsonTree";

/** A stage's input or output preview, with a Download link when the server cut it. */
export function JsonView({
  title,
  preview,
  downloadHref,
}: {
  title: string;
  preview: JsonPreview | null;
  downloadHref: string;
}) {
  return (
    <div className="json-view" data-testid={`json-${title.toLowerCase()}`}>
      <h4>
        {title}
        {preview && <span className="muted"> · {formatBytes(preview.bytes)}</span>}
      </h4>
      {preview === null ? (
        <p className="muted">None.</p>
      ) : (
        <>
          {preview.truncated && (
            <p className="note-inline">
              Truncated for display.{" "}
              <a href={downloadHref} download>
                Download
              </a>{" "}
              the full {title.toLowerCase()}.
            </p>
          )}
          <div className="json-tree">
            <JsonTree value={preview.value} />
          </div>
        </>
      )}
    </div>
  );
}
