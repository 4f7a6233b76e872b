import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { DECISION_FIELDS } from './decisions';
import { isDecisionIn, parseDecisionIn } from './decision-table';
import type { Checked } from './field-issues';
import { RECOVERY_POINTS } from './migration-request';
import type { RecoveryPointChoice as PortRecoveryPointChoice } from '../site-recovery/disaster-recovery';
import type { ProtectableScenario } from './protection-request';
import type { ProtectionStage } from './protection-stages';
import { STRICT_RULES } from './request-field-rules';
import type { Role } from './roles';

const { by, comment, reason } = DECISION_FIELDS;

/**
 * What one protection keeps of its decisions across months (and continue-as-new): the latest
 * KEPT_ACCEPTED accepted decisions in full plus a count per name, and the latest KEPT_REFUSALS refusals.
 */
export const PROTECTION_DECISION_LIMITS = {
  /** An accepted decision costs up to ~13 KB kept (a 2,000-character comment and reason at 3 bytes each). */
  KEPT_ACCEPTED: 20,
  KEPT_REFUSALS: 20,
} as const;

/** A recovery point: ASR's latest, latest processed, latest application-consistent, or one from the item's list by id. */
export const RecoveryPointChoiceSchema: z.ZodType<RecoveryPointChoice> = lazySchema(() =>
  z.union([z.enum(RECOVERY_POINTS), z.strictObject({ recoveryPointId: STRICT_RULES.armId })]),
);
/** The port's own type (site-recovery/disaster-recovery.ts): a decision's recovery point is passed on as it is. */
export type RecoveryPointChoice = PortRecoveryPointChoice;

/** Reprotect from Azure to the on-premises site (VMware, physical): ASR's InMageRcm reprotect inputs. */
const onPremisesReprotect = lazySchema(() => {
  const { name, armId } = STRICT_RULES;
  return z.strictObject({
    /** The on-premises appliance (process server) that receives the replication. */
    reprotectAgentId: name,
    /** The vCenter datastore where the failback VM's disks are written. */
    datastoreName: name,
    /** The storage account holding the replication logs in Azure. */
    logStorageAccountId: armId,
    /** The failback (InMageRcmFailback) replication policy; ASR's default when omitted. */
    policyName: name.optional(),
  });
});

export interface ProtectionDecisionDefinition {
  /** The payload, strict and bounded: the workflow, the client and the CLI all validate with it. */
  schema: z.ZodObject;
  /** The stages in which the workflow accepts it. */
  allowedStages: readonly ProtectionStage[];
  /** Sources it applies to (every protectable one unless said). */
  scenarios?: readonly ProtectableScenario[];
  summary: string;
  /**
   * The role it needs at the API (as in common/decisions.ts): an operator runs and aborts a drill, as they
   * start and abort migrations; signing a drill off and every step that changes where the machine runs, or
   * ends its protection, is an approver's.
   */
  role: Role;
  /**
   * Four-eyes (common/decision-policy.ts, on by default): whoever started the protection does not take this
   * decision. Set on the steps that move production (failover, failback), make it final (convertToMigration) or
   * leave the machine without disaster recovery (stopProtection); drills, commit and reprotect follow an
   * approved step and are not four-eyes.
   */
  fourEyes?: true;
}

/**
 * Operator decisions on `protectMachine`: each is both a Signal and an Update of the same name. The one
 * table from which the signal and update definitions, the client, the CLI and the workflow's rules derive.
 * Every step that changes where the machine runs is one of these, recorded with who decided it.
 */
export const PROTECTION_DECISIONS = {
  runDrill: {
    schema: lazySchema(() => z.strictObject({ by, comment })),
    allowedStages: ['Protected'],
    role: 'operator',
    summary: 'test failover into the isolated network, then sign-off or automatic cleanup',
  },
  approveDrill: {
    schema: lazySchema(() => z.strictObject({ by, comment })),
    allowedStages: ['AwaitingDrillSignOff'],
    role: 'approver',
    summary: 'sign the drill off as passed: clean it up',
  },
  abortDrill: {
    schema: lazySchema(() => z.strictObject({ by, comment, reason: reason('must say why the drill is aborted') })),
    allowedStages: ['Drilling', 'AwaitingDrillSignOff'],
    role: 'operator',
    summary: 'stop a drill midway: it is cleaned up and recorded as aborted',
  },
  failover: {
    schema: lazySchema(() =>
      z
        .strictObject({
          by,
          comment,
          /** Planned (Hyper-V only: source shut down, final sync, no data loss) or unplanned (outage). */
          type: z.enum(['planned', 'unplanned']),
          /** Unplanned only: the point to recover to. */
          recoveryPoint: RecoveryPointChoiceSchema.optional(),
          /** Unplanned only: shut the source down first when it still answers. */
          shutdownSource: z.boolean().optional(),
        })
        .refine((p) => p.type === 'unplanned' || (p.recoveryPoint === undefined && p.shutdownSource === undefined), {
          path: ['type'],
          message:
            'a planned failover always shuts the source down and syncs its latest changes: recoveryPoint and shutdownSource are for unplanned',
        }),
    ),
    allowedStages: ['Protected'],
    role: 'approver',
    summary: 'fail over to Azure (planned or unplanned, at a recovery point)',
    fourEyes: true,
  },
  changeRecoveryPoint: {
    schema: lazySchema(() => z.strictObject({ by, comment, recoveryPoint: RecoveryPointChoiceSchema })),
    allowedStages: ['FailedOver'],
    role: 'approver',
    summary: 'before commit: move the failed-over VM to another recovery point',
  },
  commit: {
    schema: lazySchema(() => z.strictObject({ by, comment })),
    allowedStages: ['FailedOver', 'FailedBack'],
    role: 'approver',
    summary: 'commit the failover (or failback): the recovery point can no longer change',
  },
  reprotect: {
    schema: lazySchema(() => z.strictObject({ by, comment, onPremises: onPremisesReprotect.optional() })),
    allowedStages: ['FailoverCommitted', 'FailbackCommitted'],
    role: 'approver',
    summary: 'reverse replication: to the on-premises site before a VMware/physical failback, to Azure after a failback',
  },
  failback: {
    schema: lazySchema(() =>
      z.strictObject({
        by,
        comment,
        /** Hyper-V: synchronise the data before the failover (less downtime) or only during it. */
        dataSync: z.enum(['beforeFailover', 'duringFailover']).optional(),
        /** Where the machine comes back: its original VM, an alternate one (Hyper-V host / VMware VM), or a VMware VM (physical servers). */
        target: z.enum(['original', 'alternate', 'vmware-vm']).default('original'),
        /** Hyper-V, alternate location: the Hyper-V host (ASR provider id) that receives the VM. */
        alternateHostId: STRICT_RULES.name.optional(),
        /** VMware and physical: which recovery point kind the failback uses. */
        recoveryPointType: z.enum(['ApplicationConsistent', 'CrashConsistent']).optional(),
      }),
    ),
    allowedStages: ['FailoverCommitted', 'ReplicatingToPrimary'],
    role: 'approver',
    summary: 'planned failover from Azure back to the on-premises site',
    fourEyes: true,
  },
  convertToMigration: {
    schema: lazySchema(() => z.strictObject({ by, comment })),
    allowedStages: ['Protected', 'FailedOver', 'FailoverCommitted'],
    role: 'approver',
    summary: 'make this machine a migration: fail over if needed, then Complete Migration instead of failback',
    fourEyes: true,
  },
  stopProtection: {
    schema: lazySchema(() => z.strictObject({ by, comment, reason: reason('must say why protection is stopped') })),
    allowedStages: ['InitialReplication', 'Protected', 'FailoverCommitted', 'ReplicatingToPrimary', 'FailbackCommitted'],
    role: 'approver',
    summary: 'disable protection (reason NotSpecified): the protected item is removed',
    fourEyes: true,
  },
} as const satisfies Record<string, ProtectionDecisionDefinition>;

export type ProtectionDecisionName = keyof typeof PROTECTION_DECISIONS;
export const PROTECTION_DECISION_NAMES = Object.keys(PROTECTION_DECISIONS) as readonly ProtectionDecisionName[];

export function isProtectionDecisionName(value: unknown): value is ProtectionDecisionName {
  return isDecisionIn(PROTECTION_DECISIONS, value);
}

type SchemaOf<N extends ProtectionDecisionName> = (typeof PROTECTION_DECISIONS)[N]['schema'];
export type ProtectionDecisionPayload<N extends ProtectionDecisionName> = z.infer<SchemaOf<N>>;
export type ProtectionDecisionInput<N extends ProtectionDecisionName> = z.input<SchemaOf<N>>;
export type ProtectionDecision = {
  [N in ProtectionDecisionName]: { name: N; payload: ProtectionDecisionPayload<N> };
}[ProtectionDecisionName];

/** Validates a protection decision's payload: the one check the client, the CLI and the workflow share. */
export function parseProtectionDecision(
  decision: ProtectionDecisionName,
  raw: unknown,
  messages?: z.core.ParseContext<z.core.$ZodIssue>,
): Checked<ProtectionDecision> {
  return parseDecisionIn<ProtectionDecision>(PROTECTION_DECISIONS, decision, raw, messages);
}

/**
 * What ASR allows each source, checked where the payload alone cannot tell (the workflow's rules call it):
 * a reason to refuse, or undefined.
 */
export function scenarioRefusal(decision: ProtectionDecision, scenario: ProtectableScenario, stage: ProtectionStage): string | undefined {
  const hyperV = scenario === 'hyperv-to-azure';
  switch (decision.name) {
    case 'failover':
      if (decision.payload.type === 'planned' && !hyperV)
        return `type: a planned failover to Azure is for Hyper-V only; ${scenario} fails over unplanned`;
      return undefined;
    case 'reprotect': {
      const { onPremises } = decision.payload;
      if (stage === 'FailoverCommitted') {
        if (hyperV) return 'Hyper-V fails back with a planned failover from Azure first (failback); reprotect follows the failback';
        if (!onPremises)
          return 'onPremises: is required to reprotect a VMware or physical machine to the on-premises site (reprotectAgentId, datastoreName, logStorageAccountId)';
        return undefined;
      }
      if (onPremises)
        return 'onPremises: only for the reprotect to the on-premises site; after a failback the machine is reprotected to Azure';
      return undefined;
    }
    case 'failback': {
      const { target, dataSync, alternateHostId, recoveryPointType } = decision.payload;
      if (hyperV) {
        if (stage !== 'FailoverCommitted') return undefined;
        if (target === 'vmware-vm') return 'target: a Hyper-V VM fails back to its original or an alternate Hyper-V location';
        if (target === 'alternate' && !alternateHostId) return 'alternateHostId: is required to fail back to an alternate location';
        if (recoveryPointType) return 'recoveryPointType: is for VMware and physical failbacks';
        return undefined;
      }
      if (stage === 'FailoverCommitted')
        return `${scenario} must first be reprotected to the on-premises site (reprotect with onPremises), then failed back`;
      if (scenario === 'physical-to-azure' && target !== 'vmware-vm')
        return `target: a physical server fails back to a VMware VM only (target "vmware-vm"), not "${target}"`;
      if (dataSync || alternateHostId) return `${dataSync ? 'dataSync' : 'alternateHostId'}: is for Hyper-V failbacks`;
      return undefined;
    }
    default:
      return undefined;
  }
}
