/**
 * Request-body fields the API sets from the caller's token and refuses in a body (`startedBy`): the shared schemas
 * (common/) carry them for the client and the workflow, the API's OpenAPI document leaves them out of every body.
 */
export const TOKEN_FIELDS: readonly string[] = ['startedBy'];

type JsonSchema = Record<string, unknown>;

/** A copy of a JSON schema without the token fields, at every depth (properties, unions, arrays, definitions). */
export function withoutTokenFields<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withoutTokenFields) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) copy[key] = withoutTokenFields(value);
  const properties = copy.properties;
  if (typeof properties === 'object' && properties !== null && !Array.isArray(properties)) {
    copy.properties = Object.fromEntries(Object.entries(properties).filter(([name]) => !TOKEN_FIELDS.includes(name)));
    if (Array.isArray(copy.required)) copy.required = copy.required.filter((name) => !TOKEN_FIELDS.includes(name as string));
  }
  return copy as T;
}
