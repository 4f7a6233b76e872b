import { readFileSync } from 'node:fs';
import { parseMigrationRequest, type MigrationRequest } from '../../common/migration-request';
import { SAMPLE_REQUESTS_PATH } from '../../emulator';

/** One sample of emulator/sample-requests.json: a request the emulator knows and what happens to it. */
export interface SampleEntry {
  description?: string;
  request: Record<string, unknown> & { machineId: string };
  expect: { outcome: string; stage?: string; failedCheck?: string; errorCode?: string };
}

const samples = JSON.parse(readFileSync(SAMPLE_REQUESTS_PATH, 'utf8')) as Record<string, SampleEntry>;

/** The samples that migrate to the end. */
export const WORKING_SAMPLES = ['hyperv-site', 'hyperv-vmm', 'vmware', 'physical', 'aws', 'azure'] as const;

export function sampleEntry(name: string): SampleEntry {
  const entry = samples[name];
  if (!entry) throw new Error(`emulator/sample-requests.json has no sample '${name}'`);
  return entry;
}

/** The sample's request, parsed as the adapter receives it. */
export function sampleRequest(name: string): MigrationRequest {
  return parseMigrationRequest(sampleEntry(name).request);
}

export function sampleExpectation(name: string): SampleEntry['expect'] {
  return sampleEntry(name).expect;
}
