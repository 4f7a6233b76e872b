import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningEmulator } from '../emulator';
import type { WaveRequestInput } from '../common/wave-request';
import { EXIT } from '../cli/exit-codes';
import { runEchoedCli } from './echoed-cli';

const DEMO_FILES = resolve(__dirname);

/** The migration lead's machine list (name, wave, group) and the vault's defaults, as `siteshift plan` takes them. */
export const DEMO_WAVE_CSV = join(DEMO_FILES, 'wave.csv');
export const DEMO_PLAN_DEFAULTS = join(DEMO_FILES, 'plan-defaults.yaml');
/** Where the demo writes the planned wave file, in its data folder. */
export const DEMO_WAVE_FILE = 'wave.json';

/**
 * Plans the demo's wave as a migration lead would: `siteshift plan demo/wave.csv --defaults demo/plan-defaults.yaml
 * -o <dataDir>/wave.json`, the CLI's own code, against the demo's emulator (SITESHIFT_ASR_* pointing at it).
 * Echoes the command and its report; throws with the report when a machine did not resolve.
 */
export async function planDemoWave(emulator: RunningEmulator, dataDir: string, log: (line: string) => void): Promise<WaveRequestInput> {
  const output = join(dataDir, DEMO_WAVE_FILE);
  const argv = ['plan', DEMO_WAVE_CSV, '--defaults', DEMO_PLAN_DEFAULTS, '-o', output];
  const { exitCode, output: report } = await runEchoedCli(argv, {
    env: { SITESHIFT_ASR_ENDPOINT: emulator.url, SITESHIFT_ASR_TOKEN: 'demo', SITESHIFT_ASR_CA_CERT: emulator.certificatePem },
    connect: () => Promise.reject(new Error('siteshift plan reads the vault only; it needs no Temporal connection')),
    shown: argv.map((arg) => (arg.startsWith(`${DEMO_FILES}/`) ? `demo/${arg.slice(DEMO_FILES.length + 1)}` : arg)),
    log,
  });
  if (exitCode !== EXIT.ok) throw new Error(`\`siteshift plan\` did not plan the whole wave (exit ${exitCode}): ${report}`);
  return JSON.parse(readFileSync(output, 'utf8')) as WaveRequestInput;
}
