/** Migration stages, exposed to operators and search attributes exactly by these names. */
export const STAGES = [
  'Preflight',
  'EnablingReplication',
  'InitialReplication',
  'TestFailover',
  'AwaitingTestApproval',
  'CleaningUpTestFailover',
  'AwaitingFailoverApproval',
  /** The failover is approved for a later time (notBefore); an approver may move or cancel it until then. */
  'ScheduledFailover',
  'FailingOver',
  'CompletingMigration',
  'Completed',
  'Aborting',
  'Aborted',
  'Failed',
] as const;
export type Stage = (typeof STAGES)[number];

export const FINAL_STAGES: readonly Stage[] = ['Completed', 'Aborted', 'Failed'];

/** An abort is accepted until the failover starts: every stage of the normal path before FailingOver. */
export const ABORTABLE_STAGES: readonly Stage[] = STAGES.slice(0, STAGES.indexOf('FailingOver'));
