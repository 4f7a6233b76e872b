import fc from 'fast-check';
import { DECISION_NAMES, type DecisionName } from '../../common/decisions';
import { MAX_STATUS_BYTES, type MigrationStatus } from '../../common/migration-status';
import { parseMigrationRequest } from '../../common/migration-request';
import { boundedText } from '../../workflows/bounded-text';
import { checkDecision } from '../../workflows/decision-rules';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { acceptedOf, failedWorkflowTasks, statusBytes, updateRefusal, walkTo, type WaitingStage } from '../support/decision-harness';
import { startMigration, status, waitForStatus, type MigrationHandle } from '../support/migration-harness';

/**
 * Property-based: decisions valid and invalid (oversized strings, control characters, broken Unicode, unknown
 * keys with nested values, wrong types, unknown names) sent as signals and updates to running migrations.
 * Every invalid one is refused with a reason naming the field, changes nothing, fails no workflow task, and
 * `status` stays under MAX_STATUS_BYTES.
 */

const APPROVER = 'ana';
/** Who approves the cutover the walk to ScheduledFailover needs (four-eyes: not the test's approver). */
const CUTOVER_APPROVER = 'ben';
/** Fields each decision requires besides `by`, and the text fields it may carry. */
const REQUIRED: Record<DecisionName, string[]> = {
  approveTestFailover: [],
  requestRetest: [],
  approveFailover: [],
  rescheduleFailover: ['notBefore'],
  cancelScheduledFailover: ['reason'],
  abortMigration: ['reason'],
};
const TEXT_LIMITS: Record<string, number> = { by: 200, comment: 2000, reason: 2000 };

const decisionName = fc.constantFrom(...DECISION_NAMES);
/** Readable text in any script: letters, digits, punctuation, emoji; no control characters. */
const text = (maxLength: number) =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(maxLength, 40) })
    .filter((s) => s.trim().length > 0 && !/[\p{Cc}]/u.test(s));
const isoTime = fc.integer({ min: 1, max: 365 }).map((days) => new Date(Date.UTC(2027, 0, days, 22)).toISOString());

function validPayload(name: DecisionName): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      by: fc.constant(APPROVER),
      comment: text(2000),
      ...(REQUIRED[name].includes('reason') ? { reason: text(2000) } : {}),
      ...(REQUIRED[name].includes('notBefore') || name === 'approveFailover' ? { notBefore: isoTime } : {}),
    },
    { requiredKeys: ['by', ...REQUIRED[name]] as never[] },
  );
}

const anyValue = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 3 }),
);
const controlText = fc.tuple(
  fc.string({ maxLength: 10 }),
  fc.constantFrom('\u0000', '\u0007', '\u001b[2J', '\u007f', '\u009b', '\ud800', '\udfff'),
  fc.string({ maxLength: 10 }),
);

interface Invalid {
  name: string;
  payload: unknown;
  /** What the refusal must name. */
  names: string;
}

/** A valid decision broken in one way, with the words its refusal must contain. */
const invalidDecision: fc.Arbitrary<Invalid> = fc.oneof(
  // A required field missing.
  decisionName.chain((name) =>
    fc.constantFrom('by', ...REQUIRED[name]).chain((field) =>
      validPayload(name).map((payload) => {
        const { [field]: _dropped, ...rest } = payload;
        return { name, payload: rest, names: `${field}: is required` };
      }),
    ),
  ),
  // A known field of the wrong type.
  decisionName.chain((name) =>
    fc.tuple(fc.constantFrom('by', 'comment', ...REQUIRED[name]), anyValue, validPayload(name)).map(([field, value, payload]) => ({
      name,
      payload: { ...payload, [field]: value },
      names: `${field}: `,
    })),
  ),
  // Oversized text.
  decisionName.chain((name) =>
    fc
      .tuple(
        fc.constantFrom('by', 'comment', ...REQUIRED[name].filter((f) => f in TEXT_LIMITS)),
        fc.integer({ min: 1, max: 3000 }),
        validPayload(name),
      )
      .map(([field, extra, payload]) => ({
        name,
        payload: { ...payload, [field]: 'é'.repeat(TEXT_LIMITS[field] + extra) },
        names: `${field}: Too big`,
      })),
  ),
  // Control characters or broken Unicode.
  decisionName.chain((name) =>
    fc
      .tuple(fc.constantFrom('by', 'comment', ...REQUIRED[name].filter((f) => f in TEXT_LIMITS)), controlText, validPayload(name))
      .map(([field, [before, bad, after], payload]) => ({
        name,
        payload: { ...payload, [field]: `x${before}${bad}${after}` },
        names: `${field}: must not contain control characters`,
      })),
  ),
  // An unknown key, its value anything (nested objects included).
  decisionName.chain((name) =>
    fc
      .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), anyValue, validPayload(name))
      .filter(([key]) => !['by', 'comment', 'reason', 'notBefore', '__proto__'].includes(key))
      .map(([key, value, payload]) => ({ name, payload: { ...payload, [key]: value }, names: `unknown key "${boundedText(key, 40)}"` })),
  ),
  // Not an object at all.
  decisionName.chain((name) =>
    fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), fc.array(anyValue, { maxLength: 3 })).map((payload) => ({
      name,
      payload,
      names: 'payload: ',
    })),
  ),
  // An unknown name (a misspelling, or anything).
  fc
    .tuple(
      fc.oneof(
        decisionName.map((n) => `${n}s`),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
      ),
      fc.option(anyValue),
    )
    .filter(([name]) => !(DECISION_NAMES as readonly string[]).includes(name))
    .map(([name, payload]) => ({ name, payload, names: `unknown decision "${boundedText(name, 60)}"` })),
);

/** What an invalid decision must leave as it was. */
function unchanged(s: MigrationStatus) {
  return {
    stage: s.stage,
    accepted: acceptedOf(s),
    testFailoverCount: s.testFailoverCount,
    failover: s.failover,
    abortReason: s.abortReason,
  };
}

describe('decisions, property-based', () => {
  it('every valid decision passes the rules in its stage, from a listed approver', () => {
    const request = parseMigrationRequest(requestFor('vmware-to-azure', { approval: { approvers: [APPROVER] } }));
    const stageOf: Record<DecisionName, WaitingStage> = {
      approveTestFailover: 'AwaitingTestApproval',
      requestRetest: 'AwaitingTestApproval',
      approveFailover: 'AwaitingFailoverApproval',
      rescheduleFailover: 'ScheduledFailover',
      cancelScheduledFailover: 'ScheduledFailover',
      abortMigration: 'ScheduledFailover',
    };
    fc.assert(
      fc.property(
        decisionName.chain((name) => fc.tuple(fc.constant(name), validPayload(name))),
        ([name, payload]) => {
          expect(checkDecision(name, payload, { stage: stageOf[name], request, acceptedCount: 0 })).toMatchObject({ ok: true, name });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every invalid decision, as a signal or an update, is refused naming the field and changes nothing', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const migrations = {} as Record<WaitingStage, MigrationHandle>;
      for (const stage of ['AwaitingTestApproval', 'ScheduledFailover'] as const) {
        const approval = { approvers: [APPROVER, CUTOVER_APPROVER] };
        migrations[stage] = await startMigration(client, taskQueue, requestFor('vmware-to-azure', { approval }));
        await walkTo(migrations[stage], stage, APPROVER, CUTOVER_APPROVER);
      }

      await fc.assert(
        fc.asyncProperty(
          invalidDecision,
          fc.constantFrom('signal', 'update'),
          fc.constantFrom<WaitingStage>('AwaitingTestApproval', 'ScheduledFailover'),
          async (invalid, via, stage) => {
            const handle = migrations[stage];
            const before = await status(handle);
            const refusedBefore = before.refusedDecisions ?? 0;
            if (via === 'update') {
              const refusal = await updateRefusal(handle, invalid.name, invalid.payload);
              expect(refusal).toMatchObject({ type: 'DecisionRejected', nonRetryable: true });
              expect(refusal.message).toContain(invalid.names);
            } else {
              await handle.signal(invalid.name, invalid.payload);
            }
            // Signals are recorded; so are updates of unknown names (a validator refusal is answered, not kept).
            const recorded = via === 'signal' || invalid.names.startsWith('unknown decision');
            const after = recorded
              ? await waitForStatus(handle, (s) => (s.refusedDecisions ?? 0) === refusedBefore + 1)
              : await status(handle);
            if (recorded) expect(after.decisions.at(-1)?.rejectionReason).toContain(invalid.names);
            expect(unchanged(after)).toEqual(unchanged(before));
            expect(statusBytes(after)).toBeLessThan(MAX_STATUS_BYTES);
          },
        ),
        { numRuns: 60 },
      );

      for (const handle of Object.values(migrations)) {
        expect(await failedWorkflowTasks(handle)).toEqual([]);
        await handle.terminate('test done');
      }
    });
  }, 120_000);
});
