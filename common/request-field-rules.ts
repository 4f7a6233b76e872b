import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { plainText } from './plain-text';

/**
 * What differs between the versions of the migration request schema. A version's rules never change once
 * a workflow may have been started under them: the workflow validates its request again on every replay.
 */
export interface RequestFieldRules {
  /** The request's nested objects (target, vault, failover, ...); the request and its `source` are strict in every version. */
  nestedObject: <Shape extends z.ZodRawShape>(shape: Shape) => z.ZodObject<Shape, z.core.$strict>;
  /** Names of Azure and ASR things, operator names. */
  name: z.ZodString;
  /** An Azure resource id, `/subscriptions/.../resourceGroups/...`. */
  armId: z.ZodString;
  vmSize: z.ZodString;
  wave: z.ZodString;
  /** A list of at most `max` entries. */
  list: <Item extends z.ZodType>(item: Item, max: number) => z.ZodArray<Item>;
}

/** The longest wave name any version of the schema accepted. */
export const MAX_WAVE_LENGTH = 100;

const ARM_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/.*)?$/i;
const ARM_ID_MESSAGE = 'must be an Azure resource id (/subscriptions/.../resourceGroups/...)';
const VM_SIZE = /^(Standard|Basic)_[A-Za-z0-9_]+$/;
const VM_SIZE_MESSAGE = 'must be an Azure VM size such as Standard_D2s_v3';

/** Today's rules: every object refuses unknown keys, every string and list is bounded, text has no control characters. */
export const STRICT_RULES: RequestFieldRules = lazySchema(() => ({
  nestedObject: (shape) => z.strictObject(shape),
  name: plainText(260),
  armId: plainText(1024).regex(ARM_ID, ARM_ID_MESSAGE),
  vmSize: z.string().max(64).regex(VM_SIZE, VM_SIZE_MESSAGE),
  wave: plainText(MAX_WAVE_LENGTH),
  list: (item, max) => z.array(item).max(max),
}));

/**
 * The rules of requests started before 'strict-request-objects': nested objects drop unknown keys, resource
 * ids, VM sizes and lists are unbounded, text may hold control characters. Only the workflow uses them, for
 * runs started under them.
 */
export const LENIENT_NESTED_RULES: RequestFieldRules = lazySchema(() => ({
  nestedObject: (shape) => z.object(shape) as unknown as z.ZodObject<typeof shape, z.core.$strict>,
  name: z.string().trim().min(1, 'must not be empty').max(260),
  armId: z.string().trim().regex(ARM_ID, ARM_ID_MESSAGE),
  vmSize: z.string().regex(VM_SIZE, VM_SIZE_MESSAGE),
  wave: z.string().trim().min(1).max(MAX_WAVE_LENGTH),
  list: (item) => z.array(item),
}));
