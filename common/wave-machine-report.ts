import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { MachineIdSchema } from './migration-request';
import { STAGES, type Stage } from './stages';

/**
 * What a machine's migration tells the wave that started it: the stages the wave acts on. Sent as a signal to
 * the parent's workflow id (not its run), so it reaches the wave's current run after a continue-as-new.
 */
export const WAVE_MACHINE_STAGE_SIGNAL = 'waveMachineStage';

/** The stages a child reports: enough to count syncs, see tests up, approvals waiting and outcomes. */
export const REPORTED_STAGES: readonly Stage[] = [
  'InitialReplication',
  'TestFailover',
  'AwaitingTestApproval',
  'AwaitingFailoverApproval',
  'FailingOver',
  'Completed',
  'Aborting',
  'Aborted',
  'Failed',
];

/** Anyone may signal a wave: the report is strict and bounded, and only a machine of the wave counts. */
export const MachineStageReportSchema = lazySchema(() =>
  z.strictObject({
    machineId: MachineIdSchema,
    stage: z.enum(STAGES),
    /** Order of the child's reports (signals may overtake each other): an older one is ignored. */
    seq: z.number().int().min(1).max(1_000_000),
    error: z.strictObject({ code: z.string().max(100), message: z.string().max(500) }).optional(),
  }),
);
export type MachineStageReport = z.infer<typeof MachineStageReportSchema>;
