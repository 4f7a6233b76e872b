import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationKind } from '../common/notification-event';
import { checkWith, issueText } from '../common/field-issues';
import { InvalidSettingError, readSetting, text } from './setting';

const recipient = z.strictObject({
  /** For logs and delivery records: never the URL's secrets. */
  name: z.string().min(1).max(100),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
  /** The HMAC key the receiver verifies deliveries with (notifications/webhook-signature.ts). */
  secret: z.string().min(16, 'must be at least 16 characters').max(512),
});

export const NotificationSettingsSchema = z
  .strictObject({
    /** Who hears of waits, reminders, stalls and ends; each recipient may pick kinds (default: all but escalation). */
    webhooks: z
      .array(recipient.extend({ kinds: z.array(z.enum(NOTIFICATION_KINDS)).min(1).optional() }))
      .max(20)
      .default([]),
    /** Who hears when a wait exceeds escalateAfterMinutes: a different list, e.g. the migration leads. */
    escalation: z.array(recipient).max(20).default([]),
    /**
     * The HMAC key of the webhooks a protection request names itself (`protection.notifyWebhooks`): its alerts are
     * signed with it like every delivery. Unset, those webhooks are not posted to (the alert says so).
     */
    requestWebhookSecret: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
    /** A wait for a decision this long sends one reminder. */
    reminderAfterMinutes: z.number().positive().max(525_600).default(240),
    /** A wait this long sends one escalation; later than the reminder. */
    escalateAfterMinutes: z.number().positive().max(525_600).default(1440),
  })
  .refine((s) => s.escalateAfterMinutes > s.reminderAfterMinutes, {
    message: 'must be later than reminderAfterMinutes',
    path: ['escalateAfterMinutes'],
  });

export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;
export type WebhookRecipient = z.infer<typeof recipient>;

/** No webhooks: migrations schedule no notification at all (no activity, no timer). */
export const NO_NOTIFICATIONS: NotificationSettings = NotificationSettingsSchema.parse({});

/** The recipients of one kind of event. */
export function recipientsOf(settings: NotificationSettings, kind: NotificationKind): WebhookRecipient[] {
  if (kind === 'escalation') return settings.escalation;
  return settings.webhooks.filter((hook) => (hook.kinds ?? NOTIFICATION_KINDS.filter((k) => k !== 'escalation')).includes(kind));
}

/** SITESHIFT_NOTIFICATIONS_FILE: a JSON file of NotificationSettingsSchema; unset means no notifications. */
export function notificationSettingsFromEnv(env: NodeJS.ProcessEnv): NotificationSettings {
  const file = readSetting(env, 'SITESHIFT_NOTIFICATIONS_FILE', text);
  if (!file) return NO_NOTIFICATIONS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    throw new InvalidSettingError('SITESHIFT_NOTIFICATIONS_FILE', 'a readable JSON file', `${file} (${(error as Error).message})`);
  }
  const checked = checkWith(NotificationSettingsSchema, raw);
  if (!checked.success) {
    const problems = checked.issues.map((issue) => issueText(issue, '(file)')).join('; ');
    throw new InvalidSettingError('SITESHIFT_NOTIFICATIONS_FILE', `notification settings without errors (${problems})`, file);
  }
  return checked.data;
}
