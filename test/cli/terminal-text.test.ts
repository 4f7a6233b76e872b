import fc from 'fast-check';
import type { BatchItemResult, MigrationSummary } from '../../client';
import type { MigrationStatus } from '../../common/migration-status';
import { formatList, formatStartResults, formatStatus } from '../../cli/format';
import { escapeControl, hasControl } from '../../cli/terminal-text';

/** Text as a hostile or careless client could put it in a workflow: terminal escapes, newlines, bidi, C1, any unicode. */
const HOSTILE = [
  '\n',
  '\r',
  '\x1b[2K\r',
  '\x1b]0;title\x07',
  '\u009b31m',
  '\x7f',
  '\u202e',
  '\u2066',
  '\u2028',
  '\u2029',
  '\x00',
  '\t',
  '\nStage        Completed\n',
];
const hostileText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 5 }), fc.string({ unit: 'grapheme', maxLength: 3 })), {
      maxLength: 6,
    })
    .map((parts) => parts.join('')),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const statusArb: fc.Arbitrary<MigrationStatus> = fc.record({
  machineId: hostileText,
  displayName: hostileText,
  scenario: hostileText as fc.Arbitrary<MigrationStatus['scenario']>,
  wave: maybe(hostileText),
  stage: hostileText as fc.Arbitrary<MigrationStatus['stage']>,
  stages: fc.array(fc.record({ stage: hostileText, enteredAt: hostileText }), { maxLength: 4 }) as fc.Arbitrary<MigrationStatus['stages']>,
  replication: fc.record({
    percent: fc.double(),
    protectionState: maybe(hostileText),
    replicationHealth: maybe(hostileText),
    stalled: fc.boolean(),
    lastChangeAt: maybe(hostileText),
  }),
  testFailoverCount: fc.nat(3),
  failover: maybe(fc.record({ type: fc.constantFrom('planned' as const, 'unplanned' as const), notBefore: maybe(hostileText) })),
  decisions: fc.array(
    fc.record({
      name: hostileText,
      via: hostileText,
      by: fc.option(hostileText, { nil: null }),
      at: hostileText,
      comment: maybe(hostileText),
      details: maybe(fc.dictionary(hostileText, hostileText, { maxKeys: 2 })),
      accepted: fc.boolean(),
      rejectionReason: maybe(hostileText),
      stage: hostileText,
    }),
    { maxLength: 3 },
  ) as unknown as fc.Arbitrary<MigrationStatus['decisions']>,
  lastError: maybe(fc.record({ code: hostileText, message: hostileText, stage: hostileText, at: hostileText })) as fc.Arbitrary<
    MigrationStatus['lastError']
  >,
  resources: fc.record({ replicatedItemId: maybe(hostileText), testVmId: maybe(hostileText), targetVmId: maybe(hostileText) }),
  leftBehind: fc.array(hostileText, { maxLength: 3 }),
  abortReason: maybe(hostileText),
});

/** The same structure with every non-empty string made harmless: the lines a well-behaved status would print. */
function tame<T>(value: T): T {
  if (typeof value === 'string') return (value === '' ? '' : 'x') as T;
  if (Array.isArray(value)) return value.map(tame) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, tame(field)])) as T;
  }
  return value;
}

function linesOf(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

/** No raw control character on any line, and as many lines as the harmless version, each with the same label. */
function expectSameLinesAsTame(hostile: string, harmless: string): void {
  const lines = linesOf(hostile);
  for (const line of lines) expect(hasControl(line)).toBe(false);
  const tameLines = linesOf(harmless);
  expect(lines).toHaveLength(tameLines.length);
  // The first 13 columns hold the label ("Stage", "Decisions", ...) or the indent of a continuation line.
  const label = (line: string) => line.slice(0, 13);
  expect(lines.map(label)).toEqual(tameLines.map(label));
}

describe('human output escapes control characters', () => {
  it('shows each control character as a visible escape and leaves other text alone', () => {
    expect(escapeControl('ok\x1b[31mred\nStage  Completed\u202e\u0085\x7f')).toBe('ok\\x1b[31mred\\nStage  Completed\\u{202e}\\x85\\x7f');
    expect(escapeControl('Zürich 東京 ✓ tab\there')).toBe('Zürich 東京 ✓ tab\\there');
  });

  it('a comment cannot forge a status line: no raw control character, every field on its own labelled line', () => {
    const now = new Date('2026-11-25T14:40:00.000Z');
    fc.assert(
      fc.property(statusArb, (status) => {
        expectSameLinesAsTame(formatStatus(status, now), formatStatus(tame(status), now));
      }),
      { numRuns: 300 },
    );
  });

  it('list and start results keep one row per migration whatever the names hold', () => {
    const summaryArb = fc.record({
      machineId: hostileText,
      workflowId: hostileText,
      runId: hostileText,
      stage: maybe(hostileText),
      scenario: maybe(hostileText),
      wave: maybe(hostileText),
      executionStatus: hostileText,
      startTime: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }),
    }) as fc.Arbitrary<MigrationSummary>;
    const resultArb = fc.oneof(
      fc.record({
        machineId: hostileText,
        workflowId: hostileText,
        outcome: fc.constantFrom('started' as const, 'alreadyRunning' as const),
      }),
      fc.record({
        machineId: hostileText,
        workflowId: hostileText,
        outcome: fc.constant('error' as const),
        error: hostileText,
        errorName: hostileText,
      }),
    ) as fc.Arbitrary<BatchItemResult>;
    fc.assert(
      fc.property(
        fc.array(summaryArb, { minLength: 1, maxLength: 4 }),
        fc.array(resultArb, { minLength: 1, maxLength: 4 }),
        (summaries, results) => {
          const list = linesOf(formatList(summaries));
          expect(list).toHaveLength(summaries.length + 1);
          for (const line of list) expect(hasControl(line)).toBe(false);
          const started = linesOf(formatStartResults(results));
          expect(started).toHaveLength(results.length);
          for (const line of started) expect(hasControl(line)).toBe(false);
        },
      ),
    );
  });
});
