import { z } from 'zod';

/** A setting whose value is not what it should be; the program stops at start with this message. */
export class InvalidSettingError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly value: string,
  ) {
    super(`${variable} must be ${expected}, got '${value}'.`);
    this.name = 'InvalidSettingError';
  }
}

/** Several settings that are not what they should be, named together so one restart can fix them all. */
export class InvalidSettingsError extends Error {
  constructor(readonly problems: readonly InvalidSettingError[]) {
    super(problems.length === 1 ? problems[0].message : `Invalid settings:\n  - ${problems.map((p) => p.message).join('\n  - ')}`);
    this.name = 'InvalidSettingsError';
  }
}

/** How to read one setting from its text: a zod schema, and what it expects in words (for the error). */
export interface Setting<T> {
  schema: z.ZodType<T>;
  expects: string;
}

/**
 * The value of `name` (environment variable or command-line flag) read by `setting`; undefined when unset,
 * empty or blank, so `VAR=` means the default as it always did.
 */
export function readSetting<T>(source: Readonly<Record<string, string | undefined>>, name: string, setting: Setting<T>): T | undefined {
  const raw = source[name]?.trim();
  if (!raw) return undefined;
  const parsed = setting.schema.safeParse(raw);
  if (!parsed.success) throw new InvalidSettingError(name, setting.expects, raw);
  return parsed.data;
}

const number = z.string().transform(Number).pipe(z.number().finite());

export const text: Setting<string> = { schema: z.string(), expects: 'text' };
export const port: Setting<number> = {
  schema: number.pipe(z.number().int().min(1).max(65535)),
  expects: 'a port number between 1 and 65535',
};
export const portOrAny: Setting<number> = {
  schema: number.pipe(z.number().int().min(0).max(65535)),
  expects: 'a port number between 0 and 65535 (0: any free port)',
};
export const positiveNumber: Setting<number> = { schema: number.pipe(z.number().positive()), expects: 'a positive number' };
export const positiveInteger: Setting<number> = { schema: number.pipe(z.number().int().positive()), expects: 'a positive whole number' };
