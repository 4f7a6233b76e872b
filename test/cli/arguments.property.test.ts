import fc from 'fast-check';
import { SCENARIOS } from '../../common/migration-request';
import { DECISION_SCHEMAS } from '../../common/decisions';
import { STAGES } from '../../common/stages';
import { DECISION_CLI } from '../../cli/decision-commands';
import { EXIT } from '../../cli/exit-codes';
import { escapeControl, hasControl } from '../../cli/terminal-text';
import { runCliInProcess } from '../support/run-cli-in-process';

/** Any connection attempt fails at once: a valid invocation ends with exit 1 after exactly one attempt. */
const run = (args: string[]) => runCliInProcess(args, { unreachable: true });

const COMMANDS = ['start', 'status', 'list', 'watch', 'help', ...DECISION_CLI.map((d) => d.command)];
const KNOWN_FLAGS = new Set([
  '--json',
  '--help',
  '-h',
  '--version',
  '-V',
  '--stage',
  '--wave',
  '--scenario',
  '--interval',
  '--signal',
  ...DECISION_CLI.flatMap((d) => d.options.map((o) => o.flag)),
]);
const MACHINE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Oversized strings, control characters, unicode and plain text. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('\x1b[2K\r\nStage        Completed', '\u202e', '', ' ', '\x00', '東京'),
  fc.string({ minLength: 1, maxLength: 3 }).map((text) => text.repeat(50_000)),
);
const operand = anyText.filter((text) => !text.startsWith('-'));
const machineId = fc.stringMatching(MACHINE_ID);
const badMachineId = operand.filter((text) => !MACHINE_ID.test(text));
const decision = fc.constantFrom(...DECISION_CLI);
/** What the workflow accepts as a decision comment (the schema is the one source: control characters are refused). */
const isValidComment = (comment: string) => DECISION_SCHEMAS.approveTestFailover.shape.comment.safeParse(comment).success;
/** A valid value for each required option other than --by (reason, notBefore), so only the mutation can be wrong. */
const REQUIRED_SAMPLES: Record<string, string> = { reason: 'owner cancelled', notBefore: '2030-01-01T22:00:00Z' };
const requiredOptionsFor = (d: (typeof DECISION_CLI)[number]) =>
  d.options.filter((o) => o.required && o.field !== 'by').flatMap((o) => [o.flag, REQUIRED_SAMPLES[o.field] ?? 'x']);

/** The arguments of a decision that passes every check, so only the mutation made to it can be wrong. */
const validDecision = fc
  .record({
    decision,
    id: machineId,
    by: fc.string({ minLength: 1, maxLength: 200 }).filter((by) => by.trim() !== ''),
    signal: fc.boolean(),
  })
  .map(({ decision: d, id, by, signal }) => {
    return [d.command, id, '--by', by, ...requiredOptionsFor(d), ...(signal ? ['--signal'] : [])];
  });

interface Invalid {
  args: string[];
  /** The argument the message must name (as the terminal shows it: escaped, at most 100 characters). */
  bad: string;
  /** Usage errors exit 2; values a decision's schema refuses exit 3 (invalid input), naming the option. */
  exit?: number;
}

const invalid: fc.Arbitrary<Invalid> = fc.oneof(
  operand.filter((text) => text !== '' && !COMMANDS.includes(text)).map((bad) => ({ args: [bad, 'web-01'], bad })),
  fc
    .tuple(
      validDecision,
      anyText.filter((name) => name !== '' && !name.includes('=')).map((name) => `--${name}`),
    )
    .filter(([, flag]) => !KNOWN_FLAGS.has(flag))
    .map(([args, bad]) => ({ args: [...args, bad], bad })),
  fc.tuple(machineId, operand).map(([id, bad]) => ({ args: ['status', id, bad], bad })),
  fc.tuple(fc.constantFrom('status', 'watch'), badMachineId).map(([command, bad]) => ({ args: [command, bad], bad })),
  fc.tuple(decision, badMachineId).map(([d, bad]) => ({ args: [d.command, bad, '--by', 'ana', ...requiredOptionsFor(d)], bad })),
  anyText.filter((stage) => !(STAGES as readonly string[]).includes(stage)).map((bad) => ({ args: ['list', '--stage', bad], bad })),
  anyText
    .filter((scenario) => !(SCENARIOS as readonly string[]).includes(scenario))
    .map((bad) => ({ args: ['list', '--scenario', bad], bad })),
  anyText.filter((wave) => wave.trim() === '' || wave.length > 100).map((bad) => ({ args: ['list', '--wave', bad], bad })),
  anyText
    .filter((seconds) => !(Number(seconds) > 0 && Number(seconds) <= 86_400 && seconds.trim() !== ''))
    .map((bad) => ({ args: ['watch', 'web-01', '--interval', bad], bad })),
  fc
    .tuple(
      decision,
      anyText.filter((by) => by.trim() === ''),
    )
    .map(([d, by]) => ({ args: [d.command, 'web-01', '--by', by, ...requiredOptionsFor(d)], bad: '--by' })),
  fc
    .tuple(
      decision,
      fc.string({ minLength: 201, maxLength: 400 }).filter((by) => by.trim().length > 200),
    )
    .map(([d, by]) => ({
      args: [d.command, 'web-01', '--by', by, ...requiredOptionsFor(d)],
      bad: '--by',
      exit: EXIT.invalidInput,
    })),
  fc
    .tuple(
      validDecision,
      anyText.filter((comment) => comment.length <= 2000 && !isValidComment(comment)),
    )
    .map(([args, comment]) => ({
      args: [...args, '--comment', comment],
      bad: '--comment',
      exit: EXIT.invalidInput,
    })),
  fc
    .tuple(validDecision, fc.string({ minLength: 2001, maxLength: 2100 }))
    .map(([args, comment]) => ({ args: [...args, '--comment', comment], bad: '--comment', exit: EXIT.invalidInput })),
  fc
    .tuple(
      machineId,
      anyText.filter((time) => !/^\d{4}-\d\d-\d\dT/.test(time)),
    )
    .map(([id, time]) => ({
      args: ['approve-failover', id, '--by', 'ana', '--not-before', time],
      bad: '--not-before',
      exit: EXIT.invalidInput,
    })),
);

const valid: fc.Arbitrary<string[]> = fc.oneof(
  machineId.map((id) => ['status', id]),
  fc
    .tuple(machineId, fc.double({ min: 0.01, max: 86_400, noNaN: true }))
    .map(([id, seconds]) => ['watch', id, '--interval', String(seconds)]),
  fc
    .record({
      stage: fc.option(fc.constantFrom(...STAGES)),
      scenario: fc.option(fc.constantFrom(...SCENARIOS)),
      wave: fc.option(fc.string({ minLength: 1, maxLength: 100 }).filter((w) => w.trim() !== '')),
    })
    .map(({ stage, scenario, wave }) => [
      'list',
      ...(stage ? ['--stage', stage] : []),
      ...(scenario ? ['--scenario', scenario] : []),
      ...(wave ? ['--wave', wave] : []),
    ]),
  fc
    .tuple(validDecision, fc.option(anyText.filter(isValidComment)))
    .map(([args, comment]) => (comment === null ? args : [...args, '--comment', comment])),
);

describe('CLI arguments, generated (property)', () => {
  it('every invalid invocation exits with the usage (or invalid input) code, names the bad argument, and starts nothing', async () => {
    await fc.assert(
      fc.asyncProperty(invalid, fc.boolean(), async ({ args, bad, exit }, json) => {
        const result = await run(json ? [...args, '--json'] : args);
        expect(result.code).toBe(exit ?? EXIT.usage);
        expect(result.connects).toBe(0);
        expect(result.stdout).toBe('');
        if (json) {
          expect(JSON.parse(result.stderr).error.message).toContain(bad.slice(0, 100));
        } else {
          expect(result.stderr).toContain(escapeControl(bad.slice(0, 100)));
          for (const line of result.stderr.split('\n')) expect(hasControl(line)).toBe(false);
        }
        expect(result.stderr.length).toBeLessThan(4000);
      }),
      { numRuns: 300 },
    );
  });

  it('every valid invocation gets past the checks to exactly one connection attempt', async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (args) => {
        const result = await run(args);
        expect({ code: result.code, connects: result.connects, stderr: result.stderr }).toEqual({
          code: EXIT.failure,
          connects: 1,
          stderr: expect.stringContaining('Cannot connect to Temporal'),
        });
      }),
      { numRuns: 200 },
    );
  });
});
