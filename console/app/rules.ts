import { fourEyesConflict, testApproverOf } from '../../common/four-eyes';
import type { DecisionRight } from '../../common/me';
import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';

/** The stages in which a migration waits for a person's decision (and would wait forever without one). */
export const WAITING_STAGES: readonly Stage[] = ['AwaitingTestApproval', 'AwaitingFailoverApproval'];

/** The decisions a migration in `stage` waits for that these rights allow (abort is possible, never awaited). */
export function awaitedDecisions(rights: readonly DecisionRight[], stage: Stage): DecisionRight[] {
  return rights.filter(
    (right) => right.allowed && right.allowedStages.includes(stage) && right.allowedStages.every((s) => WAITING_STAGES.includes(s)),
  );
}

/** Why a decision (a machine's, a wave's or a protection's) cannot be taken now (role first, then stage), or undefined when it can. */
export function whyDisabled(
  right: { allowed: boolean; neededRole: string; allowedStages: readonly string[] },
  status: { stage: string },
): string | undefined {
  if (!right.allowed) return `needs the role ${right.neededRole}`;
  if (!right.allowedStages.includes(status.stage)) return `only in ${right.allowedStages.join(', ')}`;
  return undefined;
}

/**
 * Why the reader may not approve this migration's cutover under four-eyes (as the workflow would refuse it), or
 * undefined; only for migrations that learned the rule at their start.
 */
export function fourEyesBlock(
  reader: string,
  decision: string,
  status: Pick<MigrationStatus, 'decisionPolicy' | 'startedBy' | 'decisions'>,
): string | undefined {
  if (decision !== 'approveFailover' || !status.decisionPolicy?.fourEyes) return undefined;
  const conflict = fourEyesConflict(reader, { startedBy: status.startedBy, testApprovedBy: testApproverOf(status.decisions) });
  if (conflict === 'starter') return 'four-eyes: you started this migration; someone else approves its cutover';
  if (conflict === 'testApprover') return 'four-eyes: you approved its test failover; someone else approves its cutover';
  return undefined;
}

/** The same for a protection's decisions marked fourEyes (failover, failback, convert, stop): never by its starter. */
export function protectionFourEyesBlock(
  reader: string,
  right: { fourEyes: boolean },
  status: { decisionPolicy?: { fourEyes: boolean }; startedBy?: string },
): string | undefined {
  if (!right.fourEyes || !status.decisionPolicy?.fourEyes) return undefined;
  return fourEyesConflict(reader, { startedBy: status.startedBy }) === 'starter'
    ? 'four-eyes: you started this protection; someone else takes this decision'
    : undefined;
}

/** A migration listed in a waiting stage. */
export interface WaitingItem {
  machineId: string;
  stage: Stage;
  wave?: string;
}

/** One row of "waiting for me": since when (once its status was read), and the decisions awaited from the reader. */
export interface WaitingRow extends WaitingItem {
  since?: string;
  decisions: DecisionRight[];
}

export function waitKey(item: Pick<WaitingItem, 'machineId' | 'stage'>): string {
  return `${item.machineId}/${item.stage}`;
}

/**
 * The rows of "waiting for me": the listed migrations that wait for a decision these rights allow, the longest
 * waiting first; those whose wait has not been read yet (`since`, by waitKey) last, by machine.
 */
export function waitingRows(
  items: readonly WaitingItem[],
  since: ReadonlyMap<string, string>,
  rights: readonly DecisionRight[],
): WaitingRow[] {
  return items
    .map((item) => ({
      machineId: item.machineId,
      stage: item.stage,
      wave: item.wave,
      since: since.get(waitKey(item)),
      decisions: awaitedDecisions(rights, item.stage),
    }))
    .filter((row) => row.decisions.length > 0)
    .sort((a, b) =>
      a.since && b.since ? Date.parse(a.since) - Date.parse(b.since) : a.since ? -1 : b.since ? 1 : a.machineId.localeCompare(b.machineId),
    );
}
