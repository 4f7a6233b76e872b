import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_NOTIFICATIONS, notificationSettingsFromEnv, recipientsOf } from '../../config/notifications';
import { InvalidSettingError } from '../../config/setting';

const dir = mkdtempSync(join(tmpdir(), 'siteshift-notify-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const hook = (name: string, extra = {}) => ({ name, url: `https://hooks.example.com/${name}`, secret: 'sixteen-chars-long', ...extra });

describe('SITESHIFT_NOTIFICATIONS_FILE', () => {
  it('unset means no notifications', () => {
    expect(notificationSettingsFromEnv({})).toEqual(NO_NOTIFICATIONS);
    expect(NO_NOTIFICATIONS.webhooks).toEqual([]);
  });

  it('routes escalations to their own list and other kinds to the webhooks that take them', () => {
    const settings = notificationSettingsFromEnv({
      SITESHIFT_NOTIFICATIONS_FILE: file('ok.json', {
        webhooks: [hook('chat'), hook('pager', { kinds: ['stalled', 'ended'] })],
        escalation: [hook('leads')],
        reminderAfterMinutes: 60,
        escalateAfterMinutes: 240,
      }),
    });
    expect(recipientsOf(settings, 'waiting').map((r) => r.name)).toEqual(['chat']);
    expect(recipientsOf(settings, 'stalled').map((r) => r.name)).toEqual(['chat', 'pager']);
    expect(recipientsOf(settings, 'escalation').map((r) => r.name)).toEqual(['leads']);
  });

  it.each([
    ['an unknown key', { webhooks: [hook('chat', { secrets: 'x' })] }, 'webhooks.0: unrecognized key "secrets"'],
    ['a short secret', { webhooks: [hook('chat', { secret: 'short' })] }, 'webhooks.0.secret: must be at least 16 characters'],
    ['a non-http URL', { webhooks: [hook('chat', { url: 'ftp://x' })] }, 'webhooks.0.url: must be an http(s) URL'],
    [
      'escalation before the reminder',
      { reminderAfterMinutes: 60, escalateAfterMinutes: 30 },
      'escalateAfterMinutes: must be later than reminderAfterMinutes',
    ],
  ])('refuses %s, naming the field and not the secret', (_, content, message) => {
    const path = file('bad.json', content);
    expect(() => notificationSettingsFromEnv({ SITESHIFT_NOTIFICATIONS_FILE: path })).toThrow(InvalidSettingError);
    expect(() => notificationSettingsFromEnv({ SITESHIFT_NOTIFICATIONS_FILE: path })).toThrow(message);
    expect(() => notificationSettingsFromEnv({ SITESHIFT_NOTIFICATIONS_FILE: path })).not.toThrow('sixteen-chars-long');
  });

  it('names an unreadable file', () => {
    expect(() => notificationSettingsFromEnv({ SITESHIFT_NOTIFICATIONS_FILE: join(dir, 'missing.json') })).toThrow(/missing\.json/);
    expect(() => notificationSettingsFromEnv({ SITESHIFT_NOTIFICATIONS_FILE: file('broken.json', '{') })).toThrow(/JSON/);
  });
});
