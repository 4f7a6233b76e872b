/** Reading the JSON bodies the SDK sends: `{ properties: { ..., providerSpecificDetails: {...} } }`. */
import { badRequest } from './resource-ids';

export type Body = { properties?: Record<string, unknown> } | undefined;

export function props(body: Body): Record<string, unknown> {
  if (!body || typeof body !== 'object' || typeof body.properties !== 'object' || body.properties === null) {
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

