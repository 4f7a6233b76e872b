/** Exit codes of the siteshift CLI, stable for scripts. */
export const EXIT = {
  ok: 0,
  /** Anything unexpected, e.g. a server error. */
  failure: 1,
  /** Unknown command or option, missing argument. */
  usage: 2,
  /**
   * Unreadable file, invalid JSON, a request or decision that fails validation, or an empty batch (`[]`):
   * nothing to start is almost always the wrong file or an empty selection, so scripts should not read it as success.
   */
  invalidInput: 3,
  /** No migration for that machine. */
  notFound: 4,
  /** The workflow refused the decision, or the machine was already migrated. */
  rejected: 5,
  /** `watch` saw the migration end in Aborted or Failed. */
  migrationDidNotComplete: 6,
  /** Temporal has the migration but no worker answered the query or update in time. */
  noWorkerAnswer: 7,
  /** Through the HTTP API: the token was refused (401), or its identity lacks the role the command needs (403). */
  accessDenied: 8,
  /**
   * `plan` could not resolve every machine (each listed with its reason); the wave file was written only with
   * --write-partial, and then holds the resolved machines alone.
   */
  planIncomplete: 9,
  /** Temporal did not answer within SITESHIFT_TEMPORAL_WAIT_SECONDS (default 15 s): try again later (EX_TEMPFAIL). */
  temporalUnreachable: 75,
  /** The connection settings are wrong: unknown host, TLS or credentials refused (EX_CONFIG). */
  temporalMisconfigured: 78,
} as const;

/** A problem with how the CLI was called; printed with a pointer to `--help`. */
export class UsageError extends Error {
  /** `hints`: extra lines such as commander's "(Did you mean --by?)". */
  constructor(
    message: string,
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A problem with the data given (file, JSON); `details` lists one line per problem. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** `start` was given an empty array: there was nothing to start (exit code `invalidInput`). */
export class NothingToStartError extends InputError {
  constructor(source: string) {
    super(`Nothing to start: ${source} holds an empty array; give one migration request or an array of at least one`);
    this.name = 'NothingToStartError';
  }
}
