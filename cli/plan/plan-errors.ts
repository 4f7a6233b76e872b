import { EXIT } from '../exit-codes';

/**
 * A machine list, defaults file or wave file that cannot be used, with one line per problem (printed line by
 * line, and as `details` in JSON). Exit code: invalid input.
 */
export class PlanInputError extends Error {
  override name = 'PlanInputError';
  readonly exitCode = EXIT.invalidInput;
  readonly lines: string[];
  constructor(
    title: string,
    readonly details: string[] = [],
  ) {
    super([title, ...details].join('\n'));
    this.lines = [title, ...details.map((detail) => `  - ${detail}`)];
  }
}
