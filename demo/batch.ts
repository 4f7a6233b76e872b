import { readFileSync } from 'node:fs';
import { SAMPLE_REQUESTS_PATH } from '../emulator';
import type { MigrationRequestInput } from '../common/migration-request';

/** One machine of each scenario the emulator's inventory supports. */
export const DEMO_SAMPLES = ['hyperv-site', 'hyperv-vmm', 'vmware', 'physical', 'aws', 'azure'] as const;

export const DEMO_WAVE = 'demo';

/**
 * The demo batch: the working request of each sample in emulator/sample-requests.json, in wave `demo`,
 * with the initial sync checked every second so progress moves visibly at demo speed.
 */
export function demoBatch(samplesPath: string = SAMPLE_REQUESTS_PATH): MigrationRequestInput[] {
  const samples = JSON.parse(readFileSync(samplesPath, 'utf8')) as Record<string, { request?: MigrationRequestInput }>;
  return DEMO_SAMPLES.map((name) => {
    const request = samples[name]?.request;
    if (!request) throw new Error(`${samplesPath} has no sample '${name}' with a request; the demo needs one per scenario.`);
    return { ...request, wave: DEMO_WAVE, replicationWait: { pollIntervalSeconds: 1, stallAfterMinutes: 60 } };
  });
}
