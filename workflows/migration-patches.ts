import { patched } from '@temporalio/workflow';
import { HELD_DECISIONS_LIMIT_PATCH } from './held-decisions';

/** The patched() ids of migrateMachine, each naming the change it gates. */
export const PATCHES = {
  /** Azure-to-Azure requests must name their managed disks and staging account. */
  a2aManagedDisksRequired: 'a2a-managed-disks-required',
  /** Every object of the request refuses unknown keys, every field is bounded. */
  strictRequestObjects: 'strict-request-objects',
  /** A failover approved for a later notBefore waits in stage ScheduledFailover, movable and cancellable. */
  scheduledFailoverStage: 'scheduled-failover-stage',
  /** A second decision at a waiting point is refused (before, the last one sent won). */
  oneDecisionPerWait: 'one-decision-per-wait',
  /** `temporal workflow cancel` aborts whoever the approvers are (before, it was refused as not one). */
  cancelIsServerAbort: 'cancel-is-server-abort',
  /** An accepted update answers once the workflow acted on it (before, at once, in the waiting stage). */
  answerAfterActing: 'answer-after-acting',
  /** A refused start (invalid request, wrong workflow id) ends Failed with a status and MigrationStage. */
  checkedStart: 'checked-start',
  /** A failed migration reads the protected item before saying replication stays enabled. */
  verifiedLeftBehind: 'verified-left-behind',
  /** With webhooks configured (the preflight answer says so), waits, reminders, stalls and ends are notified. */
  notifications: 'notifications',
  /** The first activity answers the worker's decision policy (four-eyes, signed decisions). */
  decisionPolicy: 'decision-policy',
  /** A migration started by a wave reports its stage changes to the wave. */
  reportStagesToParent: 'report-stages-to-parent',
  /**
   * A migration's cost no longer grows with its sync: the sync check returns only on completion or a stall
   * change, at adaptive intervals; search attributes are upserted only for stages people query.
   */
  leanMigrationCost: 'lean-migration-cost',
} as const;

export type PatchName = keyof typeof PATCHES;

/** patched() ids added after BASELINE: not implied by it, each asked for on its own, where it first matters. */
export const LATER_PATCHES = {
  /**
   * Signed decisions: an approveFailover signal without a proof of its own, to a migration started by a wave, is
   * confirmed with the wave (activity confirmWaveCutover) before it is accepted or refused.
   */
  confirmWaveCutover: 'confirm-wave-cutover',
} as const;

export type LaterPatchName = keyof typeof LATER_PATCHES;

/**
 * patched() ids no baseline implies, asked for only at the moment their change would make a difference: a
 * migration that never gets there records no marker (and no event).
 */
export const LAZY_PATCHES = {
  /** Past HELD_DECISIONS_MAX decisions held for the policy, a decision is refused at once (before, held). */
  heldDecisionsLimit: HELD_DECISIONS_LIMIT_PATCH,
} as const;

export type LazyPatchName = keyof typeof LAZY_PATCHES;

/**
 * patched() id recorded once, first, by every migration started since: it implies every patch in PATCHES, so a
 * new migration records one marker (and one TemporalChangeVersion search-attribute upsert) instead of one of
 * each per patch. A migration started earlier has no such marker and asks for each patch as it ran. A patch
 * added later is asked for on its own (or folded into a newer baseline the same way).
 */
const BASELINE = 'baseline-2026-11';

/**
 * The baseline recorded, in place of BASELINE, by every migration started since: it implies every patch in
 * PATCHES and LATER_PATCHES, and the changes named in BASELINE_2026_12_CHANGES. Still one marker per migration.
 */
const BASELINE_2026_12 = 'baseline-2026-12';

/** What BASELINE_2026_12 adds to the patches it implies (no patched() id of its own: only this baseline implies it). */
export const BASELINE_2026_12_CHANGES = {
  /**
   * A decision that arrives before the migration learned its decision policy is held, in arrival order, and
   * judged by the full rules once the policy is known (before, it was judged with no policy: no proof required).
   */
  decisionsAwaitPolicy: 'decisions-await-policy',
} as const;

export type BaselineChange = keyof typeof BASELINE_2026_12_CHANGES;

/** Which changes apply to this migration: create once, first thing in the workflow. */
export class MigrationPatches {
  // Asked first: a migration recorded with it never asks for BASELINE (one marker); one recorded before does.
  private readonly baseline2 = patched(BASELINE_2026_12);
  private readonly baseline = this.baseline2 || patched(BASELINE);

  has(name: PatchName): boolean {
    return this.baseline || patched(PATCHES[name]);
  }

  /** A patch added after BASELINE: implied by BASELINE_2026_12, else records its marker the first time it is asked for (then true). */
  hasLater(name: LaterPatchName): boolean {
    return this.baseline2 || patched(LATER_PATCHES[name]);
  }

  /** A LAZY_PATCHES change: records its marker when first asked for, false on replay of a history without it. */
  hasLazy(name: LazyPatchName): boolean {
    return patched(LAZY_PATCHES[name]);
  }

  /** A change only BASELINE_2026_12 brings: migrations recorded before it keep their old behaviour on replay. */
  hasBaselineChange(_name: BaselineChange): boolean {
    return this.baseline2;
  }
}
