import { ArmError } from './errors';
import type { RouteResult } from './route';

/** Lists answer pageSize items at a time, each page with the nextLink of the next ($skiptoken = offset). */
export function page({ renderEach, ...result }: RouteResult, url: URL, baseUrl: string, pageSize: number): RouteResult {
  const all = (result.body as { value: unknown[] }).value;
  const token = url.searchParams.get('$skiptoken');
  const offset = token === null ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) throw new ArmError(400, 'InvalidSkipToken', `The $skiptoken '${token}' is not valid.`);
  const slice = all.slice(offset, offset + pageSize);
  const value = renderEach ? slice.map(renderEach) : slice;
  if (offset + pageSize >= all.length) return { ...result, body: { value } };
  const query = new URLSearchParams(url.search);
  query.delete('$skiptoken');
  // As ARM writes it: $skiptoken unencoded, after the other parameters.
  const nextLink = `${baseUrl}${url.pathname}?${query.toString()}${query.size > 0 ? '&' : ''}$skiptoken=${offset + pageSize}`;
  return { ...result, body: { value, nextLink } };
}
