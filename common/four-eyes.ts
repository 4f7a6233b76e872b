/**
 * The four-eyes rule on a cutover, with no dependencies so that the workflows and the console share it: the
 * approver must differ from whoever started the migration (or wave) and from whoever approved its test.
 */

/** Names compared by the four-eyes rules: trimmed and case-insensitive (Ana@Example.com is ana@example.com). */
export function sameIdentity(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Why `by` may not approve this cutover under four-eyes, or undefined when they may. */
export function fourEyesConflict(
  by: string,
  deciders: { startedBy?: string; testApprovedBy?: string },
): 'starter' | 'testApprover' | undefined {
  if (sameIdentity(by, deciders.startedBy)) return 'starter';
  if (sameIdentity(by, deciders.testApprovedBy)) return 'testApprover';
  return undefined;
}

/** Who approved the test failover: the `by` of the accepted approveTestFailover (it ends the test loop). */
export function testApproverOf(decisions: readonly { name: string; accepted: boolean; by: string | null }[]): string | undefined {
  return decisions.find((decision) => decision.accepted && decision.name === 'approveTestFailover')?.by ?? undefined;
}
