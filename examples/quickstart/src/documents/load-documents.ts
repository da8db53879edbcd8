import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";

/** A document file with the key that makes its run unique. */
export interface DocumentFile {
  /** The file name without extension, e.g. `river-mill`. */
  readonly documentId: string;
  readonly path: string;
  readonly text: string;
  /** SHA-256 of the text: the same content always maps to the same run. */
  readonly contentHash: string;
}

/** Every `.txt` file of `dir`, sorted by name. */
export async function loadDocuments(dir: string): Promise<DocumentFile[]> {
  const names = (await readdir(dir)).filter((name) => extname(name) === ".txt").sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const text = await readFile(path, "utf8");
      return {
        documentId: basename(name, ".txt"),
        path,
        text,
        contentHash: createHash("sha256").update(text).digest("hex"),
      };
    }),
  );
}

/**
 * The idempotency key of a document's run. `run.create` with a key it has seen returns the first
 * run instead of creating another, so running the demo twice resumes rather than duplicates.
 */
export function documentRunKey(doc: DocumentFile): string {
  return `quickstart:${doc.documentId}:${doc.contentHash.slice(0, 16)}`;
}
