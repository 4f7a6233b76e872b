import { addToken, listTokens, removeTokens } from '../api/identity/tokens-file';
import { ROLES, type Role } from '../api/identity/roles';
import { tokensFileFromEnv } from '../config/api';
import type { CliIo } from './commands';
import { EXIT, UsageError } from './exit-codes';
import type { ParsedCommand, TokensCommandKind } from './program';
import { renderLines, shown } from './terminal-text';

type TokensCommand = Extract<ParsedCommand, { kind: TokensCommandKind }>;

/** `siteshift tokens add|list|remove`: the tokens file (SITESHIFT_API_TOKENS_FILE) alone, no Temporal. */
export async function tokensCommand(parsed: TokensCommand, io: CliIo): Promise<number> {
  const file = tokensFileFromEnv(io.env ?? process.env);
  switch (parsed.kind) {
    case 'tokensAdd':
      return addTokenCommand(parsed, file, io);
    case 'tokensList':
      return listTokensCommand(parsed, file, io);
    case 'tokensRemove':
      return removeTokenCommand(parsed, file, io);
  }
}

function rolesOption(parsed: ParsedCommand): Role[] {
  const given = parsed.values.role as unknown as string[];
  const roles = given.flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role))
      throw new UsageError(`tokens add: unknown role ${shown(role)}; roles are ${ROLES.join(', ')}. Usage: ${parsed.usage}`);
  }
  return roles as Role[];
}

/** `tokens add <name> --role ...`: adds a token to the tokens file and prints it, the only time it is shown. */
function addTokenCommand(parsed: ParsedCommand, file: string, io: CliIo): number {
  const [name] = parsed.positionals;
  const roles = rolesOption(parsed);
  let token: string;
  try {
    token = addToken(file, name, roles);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`tokens add: ${error.message.trim()}. Usage: ${parsed.usage}`);
    throw error;
  }
  if (parsed.json) io.stdout.write(`${JSON.stringify({ name, roles, file, token })}\n`);
  else {
    io.stderr.write(renderLines([`Token for ${name} (${roles.join(', ')}) added to ${file}. It is shown once, here; keep it secret:`]));
    io.stdout.write(`${token}\n`);
  }
  return EXIT.ok;
}

/** `tokens list`: who holds a token, with which roles, since when. */
function listTokensCommand(parsed: ParsedCommand, file: string, io: CliIo): number {
  const tokens = listTokens(file);
  if (parsed.json) io.stdout.write(`${JSON.stringify({ file, tokens })}\n`);
  else if (tokens.length === 0) io.stderr.write(renderLines([`No tokens in ${file}.`]));
  else {
    const width = Math.max(4, ...tokens.map((token) => token.name.length));
    io.stdout.write(
      renderLines([
        `${'NAME'.padEnd(width)}  ${'CREATED'.padEnd(24)}  ROLES`,
        ...tokens.map((token) => `${token.name.padEnd(width)}  ${token.createdAt.padEnd(24)}  ${token.roles.join(', ')}`),
      ]),
    );
  }
  return EXIT.ok;
}

/** `tokens remove <name>`: removes every token of <name>; the API reads the file again and refuses them at once. */
function removeTokenCommand(parsed: ParsedCommand, file: string, io: CliIo): number {
  const [name] = parsed.positionals;
  const removed = removeTokens(file, name);
  if (parsed.json) io.stdout.write(`${JSON.stringify({ name, file, removed })}\n`);
  else if (removed === 0) io.stderr.write(renderLines([`${name} has no token in ${file}: nothing removed.`]));
  else io.stdout.write(renderLines([`Removed ${removed} token${removed > 1 ? 's' : ''} of ${name} from ${file}.`]));
  return removed === 0 ? EXIT.notFound : EXIT.ok;
}
