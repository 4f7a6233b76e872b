import fc from 'fast-check';
import { PROTECTION_SIGNALS, PROTECTION_UPDATES } from '../../workflows/protection-definitions';
import { checkMigrationRequest, SCENARIOS } from '../../common/migration-request';
import {
  PROTECTION_DECISION_NAMES,
  PROTECTION_DECISIONS,
  parseProtectionDecision,
  scenarioRefusal,
  type ProtectionDecision,
} from '../../common/protection-decisions';
import {
  PROTECTABLE_SCENARIOS,
  ProtectionRequestSchema,
  checkProtectionRequest,
  migrationRequestOf,
  type ProtectableScenario,
} from '../../common/protection-request';
import { PROTECTION_STAGES } from '../../common/protection-stages';
import { invalidRequestArb, issueNaming, validRequestArb } from '../support/request-arbitraries';
import { protectionRequestFor } from '../support/protection-harness';

const RUNS = 200;

const validProtectionArb = () =>
  validRequestArb()
    .filter((request) => (PROTECTABLE_SCENARIOS as readonly unknown[]).includes(request.scenario))
    // A protection request has no multi-VM group (a migration request's setting).
    .map(({ multiVmGroupName: _group, ...request }) => request)
    .chain((request) =>
      fc.record({ webhooks: fc.boolean(), seconds: fc.integer({ min: 1, max: 86_400 }) }).map(({ webhooks, seconds }) => ({
        ...request,
        mode: 'disaster-recovery',
        protection: { healthCheckSeconds: seconds, ...(webhooks ? { notifyWebhooks: ['https://hooks.example.com/siteshift'] } : {}) },
      })),
    );

describe('protection request', () => {
  it('accepts every valid request of a protectable source, and is a migration request without its protection part', () => {
    fc.assert(
      fc.property(validProtectionArb(), (request) => {
        const checked = checkProtectionRequest(request);
        if (!checked.success) throw new Error(`refused a valid request: ${JSON.stringify(checked.issues)}`);
        expect(checkMigrationRequest(migrationRequestOf(checked.data)).success).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses every request with one bad field (unknown key at any depth, missing, wrong type, oversized, control character), naming it', () => {
    fc.assert(
      fc.property(invalidRequestArb(validProtectionArb(), ProtectionRequestSchema), (invalid) => {
        const checked = checkProtectionRequest(invalid.request);
        if (checked.success) throw new Error(`accepted: ${invalid.mutation}`);
        if (!issueNaming(invalid, checked.issues))
          throw new Error(`${invalid.mutation}: no issue naming "${invalid.path}" in ${JSON.stringify(checked.issues)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(SCENARIOS.filter((s) => !(PROTECTABLE_SCENARIOS as readonly string[]).includes(s)))(
    'refuses an %s source on `scenario` alone, whatever else the request holds',
    (scenario) => {
      const checked = checkProtectionRequest({ ...protectionRequestFor(scenario), extra: 1 });
      expect(checked).toEqual({
        success: false,
        issues: [{ path: 'scenario', message: expect.stringContaining(`${scenario} is migration only`) }],
      });
    },
  );

  it('needs mode "disaster-recovery" and applies the policy defaults', () => {
    const { mode: _mode, ...withoutMode } = protectionRequestFor('hyperv-to-azure');
    expect(checkProtectionRequest(withoutMode)).toEqual({ success: false, issues: [{ path: 'mode', message: 'is required' }] });
    const { protection: _protection, ...withoutPolicy } = protectionRequestFor('hyperv-to-azure');
    const checked = checkProtectionRequest(withoutPolicy);
    expect(checked.success && checked.data.protection).toEqual({ healthCheckSeconds: 900, drillAutoCleanupSeconds: 14_400 });
    const http = checkProtectionRequest(protectionRequestFor('hyperv-to-azure', {}, { notifyWebhooks: ['http://hooks.example.com/x'] }));
    expect(http).toEqual({ success: false, issues: [{ path: 'protection.notifyWebhooks.0', message: 'must be an https:// URL' }] });
  });
});

describe('the protection decision table', () => {
  it('gives every decision its Signal and Update of the same name and stages that exist', () => {
    for (const name of PROTECTION_DECISION_NAMES) {
      expect(PROTECTION_SIGNALS[name].name).toBe(name);
      expect(PROTECTION_UPDATES[name].name).toBe(name);
      for (const stage of PROTECTION_DECISIONS[name].allowedStages) expect(PROTECTION_STAGES).toContain(stage);
    }
  });

  it('refuses unknown keys at every depth of a payload, naming them', () => {
    const failover = parseProtectionDecision('failover', {
      by: 'ana',
      type: 'unplanned',
      recoveryPoint: { recoveryPointId: '/subscriptions/s/resourceGroups/r/x', at: 1 },
    });
    expect(failover).toEqual({ success: false, issues: [{ path: 'recoveryPoint', message: expect.stringContaining('"at"') }] });
    const planned = parseProtectionDecision('failover', { by: 'ana', type: 'planned', recoveryPoint: 'Latest' });
    expect(planned.success).toBe(false);
    const reprotect = parseProtectionDecision('reprotect', {
      by: 'ana',
      onPremises: { reprotectAgentId: 'a', datastoreName: 'd', logStorageAccountId: '/subscriptions/s/resourceGroups/r', typo: 1 },
    });
    expect(reprotect).toEqual({ success: false, issues: [{ path: 'onPremises', message: 'unrecognized key "typo"' }] });
  });

  it('fails a physical server back to a VMware VM only, whatever else the failback says', () => {
    const failback = (payload: object) => {
      const parsed = parseProtectionDecision('failback', { by: 'ana', ...payload });
      if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
      return parsed.data as ProtectionDecision;
    };
    fc.assert(
      fc.property(
        fc.constantFrom('original', 'alternate', 'vmware-vm'),
        fc.option(fc.constantFrom('ApplicationConsistent', 'CrashConsistent'), { nil: undefined }),
        (target, recoveryPointType) => {
          const refusal = scenarioRefusal(failback({ target, recoveryPointType }), 'physical-to-azure', 'ReplicatingToPrimary');
          expect(refusal === undefined).toBe(target === 'vmware-vm');
        },
      ),
    );
    const scenarios: ProtectableScenario[] = ['vmware-to-azure', 'physical-to-azure'];
    for (const scenario of scenarios) {
      expect(scenarioRefusal(failback({ target: 'vmware-vm' }), scenario, 'FailoverCommitted')).toContain('must first be reprotected');
    }
    expect(scenarioRefusal(failback({ target: 'vmware-vm' }), 'hyperv-to-azure', 'FailoverCommitted')).toContain('Hyper-V VM fails back');
  });
});
