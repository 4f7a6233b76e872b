const KEY = 'siteshift.apiToken';

/**
 * The signed-in token lives in this tab's sessionStorage: kept across a reload, gone when the tab closes, never
 * in a URL or a cookie (so no request is authenticated by the browser on its own, and there is nothing to forge).
 */
export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  keep: (token: string): void => sessionStorage.setItem(KEY, token),
  forget: (): void => sessionStorage.removeItem(KEY),
};
