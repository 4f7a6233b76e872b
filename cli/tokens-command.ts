import { addToken } from '../api/identity/tokens-file';
import { ROLES, type Role } from '../api/identity/roles';
import { tokensFileFromEnv } from '../config/api';
import type { CliIo } from './commands';
import { EXIT, UsageError } from './exit-codes';
import type { ParsedCommand } from './program';
import { renderLines, shown } from './terminal-text';

function rolesOption(parsed: ParsedCommand): Role[] {
  const given = parsed.values.role as unknown as string[];
  const roles = given.flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role))
      throw new UsageError(`tokens add: unknown role ${shown(role)}; roles are ${ROLES.join(', ')}. Usage: ${parsed.usage}`);
  }
  return roles as Role[];
}

/** `siteshift tokens add <name> --role ...`: adds a token to the tokens file and prints it, the only time it is shown. */
export async function addTokenCommand(parsed: ParsedCommand, io: CliIo): Promise<number> {
  const [name] = parsed.positionals;
  const roles = rolesOption(parsed);
  const file = tokensFileFromEnv(io.env ?? process.env);
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
