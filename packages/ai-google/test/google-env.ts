/** Environment variables the SDK would read instead of the options under test. */
export function clearGoogleEnv(): void {
  for (const name of [
    "GOOGLE_GEMINI_BASE_URL",
    "GOOGLE_VERTEX_BASE_URL",
    "GOOGLE_GENAI_USE_VERTEXAI",
    "GOOGLE_GENAI_USE_ENTERPRISE",
    "GOOGLE_API_KEY",
    "GEMINI_API_KEY",
  ]) {
    delete process.env[name];
  }
}
