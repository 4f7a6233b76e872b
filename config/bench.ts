import { parseArgs } from 'node:util';
import { positiveInteger, readSetting } from './setting';

export interface BenchSettings {
  machines: number;
  activitySlots: number;
}

/** `npm run bench -- [--machines 40] [--slots 10]`. */
export function benchSettingsFromArgs(args: string[]): BenchSettings {
  const { values } = parseArgs({ args, options: { machines: { type: 'string' }, slots: { type: 'string' } } });
  const flags = { '--machines': values.machines, '--slots': values.slots };
  return {
    machines: readSetting(flags, '--machines', positiveInteger) ?? 40,
    activitySlots: readSetting(flags, '--slots', positiveInteger) ?? 10,
  };
}
