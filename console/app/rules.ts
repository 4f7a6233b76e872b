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

/** Why a decision cannot be taken now (role first, then stage), or undefined when it can. */
export function whyDisabled(right: DecisionRight, status: Pick<MigrationStatus, 'stage'>): string | undefined {
  if (!right.allowed) return `needs the role ${right.neededRole}`;
  if (!right.allowedStages.includes(status.stage)) return `only in ${right.allowedStages.join(', ')}`;
  return undefined;
}
