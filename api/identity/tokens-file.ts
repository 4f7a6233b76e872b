import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { checkWith, issueBullets, issueText } from '../../common/field-issues';
import { ROLES, type Role } from './roles';

/** Who a token speaks for: the name recorded as `by` on their decisions, and what they may do. */
export interface Identity {
  name: string;
  roles: Role[];
}

/** A name that is also a valid decision `by`: letters, digits and `.`, `_`, `-`, `@` (an e-mail address fits). */
export const IdentityNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, 'must be 1-100 letters, digits, ".", "_", "@" or "-", starting with a letter or digit');

const TokenEntrySchema = z.strictObject({
  name: IdentityNameSchema,
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  /** The SHA-256 of the token, hex: the token itself is never stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash in hex'),
  createdAt: z.string().max(40),
});
const TokensFileSchema = z.strictObject({ version: z.literal(1), tokens: z.array(TokenEntrySchema).max(10_000) });
type TokensFileContent = z.infer<typeof TokensFileSchema>;
type TokenEntry = z.infer<typeof TokenEntrySchema>;

/** The tokens file is not what it should be; the API refuses to start rather than guess. */
export class InvalidTokensFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`The API tokens file ${path} is invalid:\n${problem}`);
    this.name = 'InvalidTokensFileError';
  }
}

/** Tokens are `sst_` and 32 random bytes (base64url): long enough that a hash lookup needs no slow KDF. */
const TOKEN_PREFIX = 'sst_';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function readTokensFile(path: string): TokensFileContent {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, tokens: [] };
    throw new InvalidTokensFileError(path, `  - ${(error as Error).message}`);
  }
  const checked = checkWith(TokensFileSchema, raw);
  if (!checked.success) throw new InvalidTokensFileError(path, issueBullets(checked.issues, '(file)').join('\n'));
  return checked.data;
}

/**
 * Adds a token for `name` with `roles` to the file (created, owner-only, when missing) and returns the token:
 * the only time it is ever seen, since the file keeps its hash.
 */
export function addToken(path: string, name: string, roles: readonly Role[], now = new Date()): string {
  const entry = checkWith(TokenEntrySchema, { name, roles: [...new Set(roles)], sha256: '0'.repeat(64), createdAt: now.toISOString() });
  if (!entry.success) throw new RangeError(entry.issues.map((issue) => issueText(issue, '(token)')).join('; '));
  const content = readTokensFile(path);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  content.tokens.push({ ...entry.data, sha256: tokenHash(token) });
  writeTokensFile(path, content);
  return token;
}

/** What `tokens list` shows of each token: never its hash. */
export type TokenListing = Pick<TokenEntry, 'name' | 'roles' | 'createdAt'>;

export function listTokens(path: string): TokenListing[] {
  return readTokensFile(path).tokens.map(({ name, roles, createdAt }) => ({ name, roles, createdAt }));
}

/** Removes every token of `name` from the file; returns how many there were (0: the file is left as it was). */
export function removeTokens(path: string, name: string): number {
  const content = readTokensFile(path);
  const kept = content.tokens.filter((entry) => entry.name !== name);
  const removed = content.tokens.length - kept.length;
  if (removed > 0) writeTokensFile(path, { ...content, tokens: kept });
  return removed;
}

/** Written whole to a temporary file then renamed, owner-only: a reader never sees half a file. */
function writeTokensFile(path: string, content: TokensFileContent): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Looks bearer tokens up in the tokens file, reading it again whenever it changes (a new token works at once). */
export class TokensFile {
  private byHash = new Map<string, Identity>();
  private loadedVersion = '';

  constructor(readonly path: string) {
    this.reloadIfChanged();
  }

  /** How many tokens the file holds. */
  get size(): number {
    this.reloadIfChanged();
    return this.byHash.size;
  }

  identityOf(token: string): Identity | undefined {
    this.reloadIfChanged();
    return this.byHash.get(tokenHash(token));
  }

  private reloadIfChanged(): void {
    const stat = statSync(this.path, { throwIfNoEntry: false });
    const version = stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : 'missing';
    if (version === this.loadedVersion) return;
    const content = readTokensFile(this.path);
    this.byHash = new Map(content.tokens.map((entry) => [entry.sha256, { name: entry.name, roles: entry.roles }]));
    this.loadedVersion = version;
  }
}
