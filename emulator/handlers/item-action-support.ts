import type { EmulatorContext } from '../context';
import { providerInput, type ArmBody } from '../http/arm-body';
import { badRequest, conflict } from '../http/errors';
import { accepted, ITEM, route, type Route } from '../http/route';
import { findItem } from '../model/items';
import { runningJobOf } from '../model/jobs';
import type { JobScenario, JobState, ProtectedItemState } from '../model/state';

/** What every protected item action shares: its route, the refusal while another job runs, the provider input check. */

const SCENARIO_NAMES: Record<JobScenario, string> = {
  EnableDr: 'enable replication',
  TestFailover: 'test failover',
  TestFailoverCleanup: 'test failover cleanup',
  PlannedFailover: 'planned failover',
  UnplannedFailover: 'failover',
  FailoverCommit: 'commit',
  CancelFailover: 'cancel failover',
  ReverseReplicate: 'reprotect',
  DisableDr: 'disable replication',
  ChangePit: 'change recovery point',
};

export function refuseWhileRunning(ctx: EmulatorContext, item: ProtectedItemState): void {
  const running = runningJobOf(ctx.state, item);
  if (running) {
    throw conflict(
      'OperationInProgress',
      `Another operation (${SCENARIO_NAMES[running.scenario]}, job '${running.name}') is in progress on '${item.name}'. Wait for it to finish and retry.`,
    );
  }
}

/**
 * The provider-specific input of a (test) failover. ASR refuses one of another provider than the item's, as it
 * does at enable; an input without providerSpecificDetails leaves everything to ASR's defaults.
 */
export function providerDetailsFor(item: ProtectedItemState, properties: Record<string, unknown>): Record<string, unknown> {
  const input = providerInput(properties, 'providerSpecificDetails');
  if (properties.providerSpecificDetails !== undefined && input.instanceType !== item.provider) {
    throw badRequest(
      'InvalidProviderSpecificInput',
      `properties.providerSpecificDetails.instanceType must be '${item.provider}' for replication protected item '${item.name}', got '${String(input.instanceType ?? '')}'.`,
    );
  }
  return input;
}

export function itemAction(
  operation: string,
  action: string,
  run: (ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody) => JobState,
): Route {
  return route('POST', `${ITEM}/${action}`, operation, (ctx, req) =>
    accepted(ctx, req, run(ctx, findItem(ctx, req.params.fabric, req.params.container, req.params.item), req.body)),
  );
}
