import type { JsonPreview } from "../api/types";
import { formatBytes } from "../lib/json-node";
import { JsonTree } from "./JsonTree";

/**
 * An input or output preview; when the server cut it, a note and (given `downloadHref`) a
 * Download link to the full value.
 */
export function JsonView({
  title,
  preview,
  downloadHref,
  level = 4,
}: {
  title: string;
  preview: JsonPreview | null;
  downloadHref: string | null;
  /** Heading level of the title (default 4, inside a stage panel). */
  level?: 3 | 4;
}) {
  const Heading = level === 3 ? "h3" : "h4";
  return (
    <div className="json-view" data-testid={`json-${title.toLowerCase()}`}>
      <Heading>
        {title}
        {preview && <span className="muted"> · {formatBytes(preview.bytes)}</span>}
      </Heading>
      {preview === null ? (
        <p className="muted">None.</p>
      ) : (
        <>
          {preview.truncated && (
            <p className="note-inline">
              Truncated for display.
              {downloadHref !== null && (
                <>
                  {" "}
                  <a href={downloadHref} download>
                    Download
                  </a>{" "}
                  the full {title.toLowerCase()}.
                </>
              )}
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
