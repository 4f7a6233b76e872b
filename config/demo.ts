import { join, resolve } from 'node:path';
import { positiveNumber, readSetting, text } from './setting';

const REPO_ROOT = resolve(__dirname, '..');

export interface DemoSettings {
  /** Wiped at start: the demo's dev server and emulator data. */
  dataDir: string;
  /** Emulator seconds per real second. */
  timeScale: number;
  /** Give up (exit 1, everything stopped) if the batch has not ended by then. */
  timeoutMs: number;
}

/** SITESHIFT_DEMO_DIR (default .data/demo), SITESHIFT_DEMO_TIME_SCALE (600), SITESHIFT_DEMO_TIMEOUT_SECONDS (300). */
export function demoSettingsFromEnv(env: NodeJS.ProcessEnv): DemoSettings {
  return {
    dataDir: resolve(readSetting(env, 'SITESHIFT_DEMO_DIR', text) ?? join(REPO_ROOT, '.data', 'demo')),
    timeScale: readSetting(env, 'SITESHIFT_DEMO_TIME_SCALE', positiveNumber) ?? 600,
    timeoutMs: (readSetting(env, 'SITESHIFT_DEMO_TIMEOUT_SECONDS', positiveNumber) ?? 300) * 1000,
  };
}
