import { type InferWorkflowOutput, WorkflowBuilder } from "@stageflow/core";
import type { DocumentAI } from "./document-ai";
import { embedStage } from "./embed-stage";
import { extractStage } from "./extract-stage";
import { keywordsStage } from "./keywords-stage";
import { mergeStage } from "./merge-stage";
import { DocumentInput, DocumentRecord } from "./schemas";
import { summarizeStage } from "./summarize-stage";

/** The workflow id runs are created with. */
export const DOCUMENT_WORKFLOW_ID = "document-pipeline";

/**
 * extract → [summarize ‖ keywords] → embed (async batch) → merge. The builder checks at compile
 * time that every `ctx.require(...)` reads a stage of an earlier group.
 */
export function createDocumentWorkflow(ai: DocumentAI) {
  return new WorkflowBuilder(
    DOCUMENT_WORKFLOW_ID,
    "Document pipeline",
    "Summary, keywords and paragraph embeddings of a plain-text document",
    DocumentInput,
    DocumentRecord,
  )
    .pipe(extractStage)
    .parallel([summarizeStage(ai), keywordsStage(ai)])
    .pipe(embedStage(ai))
    .pipe(mergeStage)
    .build();
}

/** The built workflow's type. */
export type DocumentWorkflow = ReturnType<typeof createDocumentWorkflow>;
/** What a completed run returns. */
export type DocumentWorkflowOutput = InferWorkflowOutput<DocumentWorkflow>;
