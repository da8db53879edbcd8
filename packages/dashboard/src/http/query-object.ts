/**
 * The query parameters of `request` as an object of strings; a parameter given several times
 * (`status=FAILED&status=CANCELLED`) is joined with commas, as the list parameters expect.
 */
export function queryObject(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const result: Record<string, string> = {};
  for (const key of new Set(params.keys())) result[key] = params.getAll(key).join(",");
  return result;
}
