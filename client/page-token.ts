import { createHash } from 'node:crypto';
import { InvalidPageTokenError } from './errors';

/** A check that a page token came from a page of this same query (not a typo, nor another filter's page). */
function pageTokenCheck(token: Buffer, query: string): string {
  return createHash('sha256').update(query).update('\0').update(token).digest('base64url').slice(0, 16);
}

/** The server's next-page token as the caller sees it: `<token>.<check>`, base64url. */
export function callerPageToken(token: Buffer, query: string): string {
  return `${token.toString('base64url')}.${pageTokenCheck(token, query)}`;
}

/** The server's token back from the caller's; InvalidPageTokenError when it is not one of this query's. */
export function serverPageToken(pageToken: string, query: string): Buffer {
  const [encoded, check, extra] = pageToken.split('.');
  const token = Buffer.from(encoded ?? '', 'base64url');
  if (extra !== undefined || check === undefined || token.length === 0 || check !== pageTokenCheck(token, query)) {
    throw new InvalidPageTokenError();
  }
  return token;
}
