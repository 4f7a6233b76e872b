import { readFile } from 'node:fs/promises';
import { InputError } from './exit-codes';

/** Reads JSON from a file path, or from stdin when the path is "-"; errors name the source, line and column. */
export async function readJsonSource(path: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  const source = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = path === '-' ? await readAll(stdin) : await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new InputError(`Cannot read ${source}: ${why}`);
  }
  return parseJson(text, source);
}

export function parseJson(text: string, source: string): unknown {
  if (text.trim() === '') throw new InputError(`${source} is empty; expected a migration request or an array of them`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = positionOf(message, text);
    const where = position === undefined ? '' : `:${lineAndColumn(text, position)}`;
    throw new InputError(`Invalid JSON in ${source}${where}: ${message}`);
  }
}

/** V8 reports "... at position N" (or "Unexpected end of JSON input", which is the end of the text). */
function positionOf(message: string, text: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  if (match) return Number(match[1]);
  if (/end of JSON input/.test(message)) return text.length;
  return undefined;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
