import { badRequest } from './errors';

/**
 * A request body, parsed once by the pipeline: nothing, or JSON whose `properties` object (the shape of every
 * body the SDK sends: `{ properties: { ..., providerSpecificDetails: {...} } }`) is picked out when present.
 * Handlers ask for `properties` where ASR would check it, so a missing resource or a conflict is still
 * reported before a malformed body, as before.
 */
export type ArmBody = { readonly kind: 'empty' } | { readonly kind: 'json'; readonly properties: Record<string, unknown> | undefined };

export function toArmBody(json: unknown): ArmBody {
  if (json === undefined) return { kind: 'empty' };
  const properties = json !== null && typeof json === 'object' ? (json as { properties?: unknown }).properties : undefined;
  return {
    kind: 'json',
    properties: typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : undefined,
  };
}

export function requireProperties(body: ArmBody): Record<string, unknown> {
  if (body.kind === 'empty' || !body.properties) {
    throw badRequest('InvalidRequestContent', "The request body must be a JSON object with a 'properties' object.");
  }
  return body.properties;
}

export function providerInput(properties: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = properties[field];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
