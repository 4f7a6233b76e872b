import fc from 'fast-check';
import { z } from 'zod';
import { lazySchema } from '../../common/lazy-schema';
import { fieldMessages } from '../../common/field-issues';
import { MigrationRequestSchema, STRICT_SOURCES } from '../../common/migration-request';
import { DECISIONS } from '../../common/decisions';
import { DecisionPolicySchema } from '../../common/decision-policy';
import { DecisionProofSchema } from '../../common/decision-proof';
import { MachineIdSchema } from '../../common/migration-request';
import { PROTECTION_DECISIONS, RecoveryPointChoiceSchema } from '../../common/protection-decisions';
import { ProtectionRequestSchema } from '../../common/protection-request';
import { WAVE_DECISIONS } from '../../common/wave-decisions';
import { MachineStageReportSchema } from '../../common/wave-machine-report';
import { CutoverWindowSchema, HookSchema, WaveGroupSchema, WaveNameSchema, WaveRequestSchema } from '../../common/wave-request';
import { invalidRequestArb, validRequestArb } from '../support/request-arbitraries';

const RUNS = 300;

/** Every zod factory called (z.object, z.string, z.iso.datetime, ...) while `load` runs, with zod itself loaded apart. */
function zodFactoriesCalledWhile(load: () => void): string[] {
  const called: string[] = [];
  // A copy of zod's namespace whose functions count their calls (its own properties cannot be replaced or proxied).
  const counting = (namespace: object, path: string): Record<string, unknown> =>
    Object.fromEntries(
      Object.keys(namespace).map((key) => {
        const value = (namespace as Record<string, unknown>)[key];
        const name = `${path}.${key}`;
        if (typeof value === 'function' && !/^[A-Z$]/.test(key))
          return [key, (...args: unknown[]) => (called.push(name), (value as (...a: unknown[]) => unknown)(...args))];
        return [key, value !== null && typeof value === 'object' && key === 'iso' ? counting(value, name) : value];
      }),
    );
  jest.isolateModules(() => {
    jest.doMock('zod', () => {
      const actual = jest.requireActual<typeof import('zod')>('zod');
      return { ...actual, z: counting(actual.z, 'z') };
    });
    load();
  });
  return called;
}

describe('lazySchema', () => {
  it('builds on first use, once', () => {
    const build = jest.fn(() => z.strictObject({ name: z.string() }));
    const schema = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    expect(schema.safeParse({ name: 'a' }).success).toBe(true);
    expect(schema.safeParse({ name: 'a', extra: 1 }).success).toBe(false);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('stands for the schema: instanceof, methods, nesting in other schemas, spreading a table of them', () => {
    const name = lazySchema(() => z.string().min(1, 'must not be empty'));
    const fields = lazySchema(() => ({ name, size: z.number().int() }));
    const schema = lazySchema(() => z.strictObject({ ...fields }));
    expect(name).toBeInstanceOf(z.ZodString);
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(schema.shape)).toEqual(['name', 'size']);
    expect(schema.partial().safeParse({}).success).toBe(true);
    expect(schema.omit({ size: true }).safeParse({ name: 'x' }).success).toBe(true);
    const outer = z.strictObject({ inner: schema.optional() });
    expect(outer.safeParse({ inner: { name: '', size: 1 } }).error?.issues).toMatchObject([
      { path: ['inner', 'name'], message: 'must not be empty' },
    ]);
    expect(z.toJSONSchema(schema)).toEqual(z.toJSONSchema(schema.clone()));
  });

  it('the lazily built migration request schema answers every request as the same schema built directly: data, issues and messages', () => {
    const direct = MigrationRequestSchema.clone();
    expect(direct).not.toBe(MigrationRequestSchema);
    fc.assert(
      fc.property(
        fc.oneof(
          validRequestArb(),
          invalidRequestArb().map((invalid) => invalid.request),
          fc.anything(),
        ),
        (input) => {
          expect(MigrationRequestSchema.safeParse(input, fieldMessages)).toEqual(direct.safeParse(input, fieldMessages));
        },
      ),
      { numRuns: RUNS },
    );
    expect(z.toJSONSchema(MigrationRequestSchema)).toEqual(z.toJSONSchema(direct));
    expect(STRICT_SOURCES['azure-to-azure'].shape.managedDiskIds).toBeInstanceOf(z.ZodArray);
  });

  it("every shared schema writes its JSON Schema (the API's OpenAPI document), alone and nested in another", () => {
    const shared: Record<string, z.ZodType> = {
      MigrationRequestSchema,
      MachineIdSchema,
      ProtectionRequestSchema,
      RecoveryPointChoiceSchema,
      WaveRequestSchema,
      WaveGroupSchema,
      WaveNameSchema,
      CutoverWindowSchema,
      HookSchema,
      MachineStageReportSchema,
      DecisionProofSchema,
      DecisionPolicySchema,
      ...Object.fromEntries(
        [DECISIONS, PROTECTION_DECISIONS, WAVE_DECISIONS].flatMap((table) =>
          Object.entries(table).map(([name, decision]) => [name, decision.schema as z.ZodType]),
        ),
      ),
    };
    const options = { io: 'input', unrepresentable: 'any' } as const;
    for (const schema of Object.values(shared)) {
      expect(() => z.toJSONSchema(schema, options)).not.toThrow();
      expect(() => z.toJSONSchema(z.strictObject({ nested: schema, list: z.array(schema) }), options)).not.toThrow();
    }
  });

  it('refuses to stand for a schema that wraps another (zod finds those by identity): the lazy one goes inside', () => {
    expect(() => lazySchema(() => z.string().optional()).safeParse('x')).toThrow(/a optional schema cannot be built lazily/);
    expect(() => lazySchema(() => z.string().transform(Number)).safeParse('1')).toThrow(/a pipe schema cannot be built lazily/);
    expect(z.optional(lazySchema(() => z.string())).safeParse(undefined).success).toBe(true);
  });

  it('a decision table entry keeps its schema lazy and strict', () => {
    expect(DECISIONS.approveFailover.schema.safeParse({ by: 'ana', notBefore: 'soon' }).error?.issues).toMatchObject([
      { path: ['notBefore'], message: 'must be an ISO 8601 date-time, e.g. 2026-12-01T22:00:00Z' },
    ]);
    expect(DECISIONS.approveFailover.schema.safeParse({ by: 'ana', extra: 1 }).success).toBe(false);
  });
});

describe('the workflow bundle', () => {
  it('builds no schema when its modules are evaluated (only three thin wrappers): each cached workflow builds only the schemas it uses', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
    const called = zodFactoriesCalledWhile(() => require('../../workflows'));
    // Only the thin wrappers that must stay outside a lazy schema (see lazySchema): a decision's optional comment,
    // the wave request's transform.
    expect(called.sort()).toEqual(['z.optional', 'z.pipe', 'z.transform']);
  });

  it('the counting above sees schemas built (so the empty list above means something)', () => {
    const called = zodFactoriesCalledWhile(() => {
      const { MigrationRequestSchema: schema } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
        require('../../common/migration-request') as typeof import('../../common/migration-request');
      schema.safeParse({});
    });
    expect(called).toEqual(expect.arrayContaining(['z.strictObject', 'z.discriminatedUnion']));
  });
});
