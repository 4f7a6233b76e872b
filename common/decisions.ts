import { z } from 'zod';

/** Operator decisions: each is both a Signal and an Update of the same name on `migrateMachine`. */
export const DECISION_NAMES = ['approveTestFailover', 'requestRetest', 'approveFailover', 'abortMigration'] as const;
export type DecisionName = (typeof DECISION_NAMES)[number];

const by = z.string().trim().min(1, 'must name the operator').max(200);
const comment = z.string().max(2000).optional();

export const ApproveTestFailoverSchema = z.object({ by, comment }).strict();
export const RequestRetestSchema = z.object({ by, comment }).strict();
export const ApproveFailoverSchema = z
  .object({
    by,
    comment,
    /** Cut over at this time rather than now (ISO 8601 with offset). */
    notBefore: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-12-01T22:00:00Z' }).optional(),
  })
  .strict();
export const AbortMigrationSchema = z
  .object({ by, comment, reason: z.string().trim().min(1, 'must say why the migration is aborted').max(2000) })
  .strict();

export const DECISION_SCHEMAS = {
  approveTestFailover: ApproveTestFailoverSchema,
  requestRetest: RequestRetestSchema,
  approveFailover: ApproveFailoverSchema,
  abortMigration: AbortMigrationSchema,
} as const;

export type ApproveTestFailover = z.infer<typeof ApproveTestFailoverSchema>;
export type RequestRetest = z.infer<typeof RequestRetestSchema>;
export type ApproveFailover = z.infer<typeof ApproveFailoverSchema>;
export type AbortMigration = z.infer<typeof AbortMigrationSchema>;
export type DecisionPayload<N extends DecisionName> = z.infer<(typeof DECISION_SCHEMAS)[N]>;
