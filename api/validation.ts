import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { checkWith } from '../common/field-issues';
import { InvalidFieldsError } from './problem';

/**
 * Validates every route's zod schemas with the shared field messages ("is required", `unrecognized key
 * "x"`), the same wording the client, the CLI and the workflow use.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const checked = checkWith(schema, data);
    return checked.success ? { value: checked.data } : { error: new InvalidFieldsError(checked.issues) };
  };
