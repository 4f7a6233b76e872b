/** A refusal from the API (application/problem+json), e.g. 403 naming the role needed or 409 the workflow's reason. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

/** The siteshift API, called with the signed-in bearer token in a header (never in a URL). */
export class Api {
  /** `onUnauthorized` runs when the API refuses the token (revoked, or the tokens file changed): sign out. */
  constructor(
    readonly token: string,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  get authorization(): string {
    return `Bearer ${this.token}`;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.send<T>(path, { signal });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }

  private async send<T>(path: string, init: RequestInit): Promise<T> {
    const response = await fetch(path, {
      ...init,
      headers: { ...init.headers, authorization: this.authorization, accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    const body = (await response.json().catch(() => undefined)) as (Partial<Problem> & T) | undefined;
    if (!response.ok) {
      if (response.status === 401) this.onUnauthorized();
      throw new ApiError({
        status: response.status,
        title: body?.title ?? response.statusText,
        detail: body?.detail,
        errors: body?.errors,
      });
    }
    return body as T;
  }
}

/** Every page of a list route, up to `maxPages`. */
export async function allPages<T>(api: Api, path: string, signal?: AbortSignal, maxPages = 5): Promise<T[]> {
  const items: T[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const url = pageToken ? `${path}${separator}pageToken=${encodeURIComponent(pageToken)}` : path;
    const answer = await api.get<{ migrations: T[]; nextPageToken?: string }>(url, signal);
    items.push(...answer.migrations);
    pageToken = answer.nextPageToken;
    if (!pageToken) break;
  }
  return items;
}
