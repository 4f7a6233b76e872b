import type { Client } from '@temporalio/client';
import { ProtectionClient, type StartedProtection } from '../../client/protection-client';
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

/** A named condition on a protection's status. */
export interface ProtectionCondition {
  what: string;
  holds: (status: ProtectionStatus) => boolean;
}

/** What a protection test waits for after the start: a stage, or a named condition. */
export type ProtectionReadiness = ProtectionStage | ProtectionCondition;

/** Protected, with a first health reading (where RPO and alert tests begin). */
export const PROTECTED_WITH_HEALTH: ProtectionCondition = {
  what: 'protected with health',
  holds: (status) => status.stage === 'Protected' && status.health !== undefined,
};

/** Polls the protection's status until `until` holds (a stage, or a named condition). */
export function waitForReadiness(
  protections: ProtectionClient,
  machineId: string,
  until: ProtectionReadiness,
  timeoutMs = 30_000,
): Promise<ProtectionStatus> {
  return typeof until === 'string'
    ? waitForProtectionStage(protections, machineId, until, timeoutMs)
    : waitForProtection(protections, machineId, until.holds, until.what, timeoutMs);
}

/**
 * The prologue of most protection tests: a ProtectionClient on the worker's task queue, `request` started, and
 * its status once `until` holds (default: the stage Protected).
 */
export async function startProtection(
  { client, taskQueue }: { client: Client; taskQueue: string },
  request: { machineId: string },
  until: ProtectionReadiness = 'Protected',
  timeoutMs = 30_000,
): Promise<{ protections: ProtectionClient; id: string; handle: StartedProtection['handle']; status: ProtectionStatus }> {
  const protections = new ProtectionClient(client, taskQueue);
  const id = request.machineId;
  const { handle } = await protections.start(request);
  return { protections, id, handle, status: await waitForReadiness(protections, id, until, timeoutMs) };
}
