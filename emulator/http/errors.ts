/** ARM errors: status, code, message and the `{ error: { code, message, details? } }` body. */

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details?: { code: string; message: string }[],
    /** For a missing resource: the code ASR gives it when it answers 400 instead of 404. */
    readonly asrCode?: string,
  ) {
    super(message);
    this.name = 'ArmError';
  }

  body(): { error: { code: string; message: string; details?: { code: string; message: string }[] } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function notFound(message: string, asrCode?: string): ArmError {
  return new ArmError(404, 'ResourceNotFound', message, {}, undefined, asrCode);
}

export function badRequest(code: string, message: string): ArmError {
  return new ArmError(400, code, message);
}

export function conflict(code: string, message: string): ArmError {
  return new ArmError(409, code, message);
}
