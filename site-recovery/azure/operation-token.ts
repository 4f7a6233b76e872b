import { z } from 'zod';

/**
 * What a caller keeps (in its heartbeat) to resume a submitted long-running operation instead of submitting
 * it again: the SDK poller's own serialized state, plus the operation URLs ARM answered with, which also
 * name the ASR job. The action and item guard against resuming a token into a different call.
 */
const OperationTokenSchema = z.object({
  v: z.literal(1),
  action: z.string(),
  itemId: z.string(),
  poller: z.string().optional(),
  operationLocation: z.string().optional(),
  resourceLocation: z.string().optional(),
  submittedAt: z.string(),
});
export type OperationToken = z.infer<typeof OperationTokenSchema>;

export function encodeOperationToken(token: Omit<OperationToken, 'v'>): string {
  return JSON.stringify({ v: 1, ...token });
}

/** The token if it was issued for this action on this item; anything else is ignored (a fresh submission follows). */
export function decodeOperationToken(raw: string | undefined, action: string, itemId: string): OperationToken | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const result = OperationTokenSchema.safeParse(parsed);
  if (!result.success) return undefined;
  const token = result.data;
  return token.action === action && token.itemId.toLowerCase() === itemId.toLowerCase() ? token : undefined;
}
