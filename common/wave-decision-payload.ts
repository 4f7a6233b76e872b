import type { z } from 'zod';
import { WAVE_DECISIONS, type WaveDecisionName } from './wave-decisions';

/**
 * A wave decision's payload as the HTTP API takes it: without `by`, which the API fills from the caller's
 * token. The API's routes and the CLI through the API validate with it.
 */
export function wavePayloadSchemaWithoutBy(decision: WaveDecisionName): z.ZodObject {
  const schema: z.ZodObject = WAVE_DECISIONS[decision].schema;
  return schema.omit({ by: true });
}
