/**
 * How a machine started by a wave confirms, under signed decisions, that an approveFailover without a proof of
 * its own is its wave's cutover relay: the wave answers the query below, and the machine accepts the approval
 * only when the wave has a verified cutover approval by that same `by` and cuts this machine's group over now,
 * inside the window. Pure (workflows and activities import it).
 */

/** The wave's query (workflows/wave-definitions.ts) answering what it is cutting over now. */
export const WAVE_CUTOVER_QUERY = 'waveCutover';

/** What a wave answers to WAVE_CUTOVER_QUERY. */
export interface WaveCutover {
  /** The wave's name. */
  wave: string;
  /** The wave accepts only signed decisions: its cutover approval was verified. */
  signedDecisions: boolean;
  /** The cutover approval the wave acts on (cleared when the window closes before the groups are done). */
  approval?: { by: string; comment?: string };
  /** No failover before this instant (the approval's notBefore, the window's start). */
  notBeforeMs?: number;
  /** No failover from this instant (the window's end). */
  notAfterMs?: number;
  /** The group whose failovers the wave approves now (its step failover or failingOver). */
  cuttingOver?: { group: string; machineIds: string[] };
}

export type WaveCutoverConfirmation =
  /** `comment`: the wave's (naming it), to be bounded where it is recorded. */
  { confirmed: true; by: string; comment: string } | { confirmed: false; reason: string };

/** Whether the wave's answer confirms an approveFailover by `by` for `machineId` at `nowMs`. */
export function confirmCutoverRelay(
  answer: WaveCutover,
  ask: { waveWorkflowId: string; machineId: string; by: string; nowMs: number },
): WaveCutoverConfirmation {
  const { waveWorkflowId: wave, machineId, by, nowMs } = ask;
  const refuse = (reason: string): WaveCutoverConfirmation => ({ confirmed: false, reason });
  if (!answer.signedDecisions) return refuse(`${wave} does not require signed decisions: its cutover approval is not verified`);
  if (!answer.approval) return refuse(`${wave} has no cutover approval to act on`);
  if (answer.approval.by !== by) return refuse(`${wave}'s cutover was approved by ${answer.approval.by}, not by ${by}`);
  const { cuttingOver } = answer;
  if (!cuttingOver?.machineIds.includes(machineId)) {
    const now = cuttingOver ? `it is cutting over group ${cuttingOver.group}` : 'it is cutting over no group now';
    return refuse(`${wave} is not cutting over the group of ${machineId} (${now})`);
  }
  if (answer.notBeforeMs !== undefined && nowMs < answer.notBeforeMs)
    return refuse(`${wave}'s cutover may not start before ${new Date(answer.notBeforeMs).toISOString()}`);
  if (answer.notAfterMs !== undefined && nowMs >= answer.notAfterMs)
    return refuse(`${wave}'s cutover window closed at ${new Date(answer.notAfterMs).toISOString()}`);
  const note = `wave ${answer.wave}${answer.approval.comment ? `: ${answer.approval.comment}` : ''}`;
  return { confirmed: true, by, comment: note };
}
