import { type Span, SpanStatusCode } from "@opentelemetry/api";
import { ATTR } from "./attributes";

/** The `error.type` of a thrown value: a Stageflow `code`, else the error's `name`. */
export function errorType(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && name !== "") return name;
  }
  return "_OTHER";
}

/** Marks `span` failed with `error`: status ERROR with its message, an exception event, `error.type`. */
export function recordError(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute(ATTR.errorType, errorType(error));
  if (error instanceof Error) span.recordException(error);
  else span.recordException(message);
}
