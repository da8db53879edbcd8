/** The comment of the UI's `index.html` that the handler replaces with the page's config. */
export const CONFIG_PLACEHOLDER = "<!--stageflow-config-->";

/** What the UI reads from `window.__STAGEFLOW__`. */
export interface UiConfig {
  readonly basePath: string;
  readonly title: string;
}

/** `value` as JSON safe inside a `<script>` element (no `<`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * `template` with {@link CONFIG_PLACEHOLDER} replaced by `<base href="{basePath}/">` and the
 * config script, so relative asset URLs resolve on nested routes and the UI knows its base path;
 * its `<title>` becomes the configured title.
 *
 * @throws `Error` when the template has no placeholder (a UI build that does not fit).
 */
export function renderIndexHtml(template: string, config: UiConfig): string {
  if (!template.includes(CONFIG_PLACEHOLDER)) {
    throw new Error(`The dashboard UI's index.html has no ${CONFIG_PLACEHOLDER} placeholder.`);
  }
  const injected = `<base href="${escapeHtml(config.basePath)}/"><script>window.__STAGEFLOW__=${scriptJson(config)}</script>`;
  return template
    .replace(CONFIG_PLACEHOLDER, () => injected)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(config.title)}</title>`);
}
