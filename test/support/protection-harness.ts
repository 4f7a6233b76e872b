import type { ProtectionClient } from '../../client/protection-client';
import type { MigrationRequestInput, Scenario } from '../../common/migration-request';
import type { ProtectionPolicy } from '../../common/protection-request';
import { FINAL_PROTECTION_STAGES, type ProtectionStage } from '../../common/protection-stages';
import type { ProtectionStatus } from '../../common/protection-status';
import { waitUntil } from './polling';
import { requestFor } from './requests';

/**
 * A valid protection request for the scenario (a migration request's parts, mode disaster-recovery), reading
 * health every second so tests see RPO changes at once.
 */
export function protectionRequestFor(
  scenario: Scenario,
  overrides: Partial<MigrationRequestInput> = {},
  protection: Partial<ProtectionPolicy> = {},
): Record<string, unknown> & { machineId: string } {
  return { ...requestFor(scenario, overrides), mode: 'disaster-recovery', protection: { healthCheckSeconds: 1, ...protection } };
}

/** Polls the protection's status until `predicate` holds; fails fast when it ends otherwise. */
export function waitForProtection(
  protections: ProtectionClient,
  machineId: string,
  predicate: (status: ProtectionStatus) => boolean,
  what = 'a protection status',
  timeoutMs = 30_000,
): Promise<ProtectionStatus> {
  return waitUntil(what, () => protections.status(machineId), predicate, {
    timeoutMs,
    stopIf: (last) =>
      !predicate(last) && FINAL_PROTECTION_STAGES.includes(last.stage)
        ? `the protection ended in ${last.stage}: ${JSON.stringify(last.lastError)}`
        : undefined,
  });
}

export function waitForProtectionStage(protections: ProtectionClient, machineId: string, stage: ProtectionStage, timeoutMs = 30_000) {
  return waitForProtection(protections, machineId, (s) => s.stage === stage, `stage ${stage}`, timeoutMs);
}
