import { DECISION_CLI } from '../../cli/decision-commands';
import { DECISION_NAMES, DECISIONS, parseDecision, type DecisionName } from '../../common/decisions';
import { parseMigrationRequest } from '../../common/migration-request';
import { STAGES } from '../../common/stages';
import { checkDecision } from '../../workflows/decision-rules';
import { DECISION_SIGNALS, DECISION_UPDATES } from '../../workflows/definitions';
import { requestFor } from '../support/requests';

/** The one table of decisions (common/decisions.ts) and what is derived from it. */

const VALID: Record<DecisionName, object> = {
  approveTestFailover: { by: 'ana' },
  requestRetest: { by: 'ana', comment: 'again\nplease' },
  approveFailover: { by: 'ana' },
  rescheduleFailover: { by: 'ana', notBefore: '2030-01-01T00:00:00Z' },
  cancelScheduledFailover: { by: 'ana', reason: 'not tonight' },
  abortMigration: { by: 'ana', reason: 'wrong machine' },
};

describe('the decision table', () => {
  it('gives every decision its Signal and Update of the same name and one CLI command', () => {
    for (const name of DECISION_NAMES) {
      expect(DECISION_SIGNALS[name].name).toBe(name);
      expect(DECISION_UPDATES[name].name).toBe(name);
    }
    expect(DECISION_CLI.map((command) => [command.decision, command.command])).toEqual(
      DECISION_NAMES.map((name) => [name, DECISIONS[name].command]),
    );
    expect(new Set(DECISION_CLI.map((command) => command.command)).size).toBe(DECISION_NAMES.length);
  });

  it('derives the CLI options from the payload schema, required where the schema requires them', () => {
    const abort = DECISION_CLI.find((command) => command.decision === 'abortMigration')!;
    expect(abort.options.map((option) => [option.flag, option.required])).toEqual([
      ['--by', true],
      ['--comment', false],
      ['--reason', true],
    ]);
    expect(abort.options.find((option) => option.field === 'reason')?.help).toBe('why the migration is aborted');
  });

  it('is what the rules apply: each decision is accepted in exactly the stages its entry lists', () => {
    const request = parseMigrationRequest(requestFor('vmware-to-azure'));
    for (const name of DECISION_NAMES) {
      const allowed: readonly string[] = DECISIONS[name].allowedStages;
      for (const stage of STAGES) {
        const check = checkDecision(name, VALID[name], { stage, request, acceptedCount: 0 });
        expect({ name, stage, ok: check.ok }).toEqual({ name, stage, ok: allowed.includes(stage) });
      }
    }
  });

  it('accepts a decision as a union keyed on its name, payload validated once by its schema', () => {
    const parsed = parseDecision('rescheduleFailover', VALID.rescheduleFailover);
    expect(parsed).toEqual({ success: true, data: { name: 'rescheduleFailover', payload: VALID.rescheduleFailover } });
    expect(parseDecision('approveFailover', { by: 'ana', notBefore: 'tonight' })).toMatchObject({
      success: false,
      issues: [{ path: 'notBefore', message: expect.stringMatching(/^must be an ISO 8601/) }],
    });
  });
});
