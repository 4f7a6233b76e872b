/**
 * Everything the CLI prints for humans goes through `renderLines`: text that came from a workflow, a file or
 * an argument (comments, names, reasons, error messages) must not drive the terminal. C0 and C1 controls,
 * DEL (so ANSI escape sequences lose their ESC), line and paragraph separators and bidi overrides are shown
 * as visible escapes, and a newline inside a field becomes `\n`, so every field stays on its own line and
 * nothing can forge one. JSON output is not touched: JSON.stringify already escapes what JSON requires.
 */
const UNSAFE = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One field or line made safe to print: no character in it can move the cursor, end the line or reorder text. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Whether the text holds a character `escapeControl` would replace (for tests and assertions). */
export function hasControl(text: string): boolean {
  return new RegExp(UNSAFE.source, 'u').test(text);
}

/** Lines as printed: each escaped on its own, then joined, so only these separators end a line. */
export function renderLines(lines: readonly string[]): string {
  return lines.map(escapeControl).join('\n') + '\n';
}

/** A value echoed in a message: quoted, and cut short so a huge argument does not flood the terminal. */
export function shown(value: unknown): string {
  const text = String(value);
  return `"${text.length > 100 ? `${text.slice(0, 100)}…` : text}"`;
}
