import type { Command } from 'commander';
import { DECISION_FIELD_HELP } from '../common/decisions';
import { WAVE_DECISION_NAMES, WAVE_DECISIONS, type WaveDecisionName } from '../common/wave-decisions';
import { optionFlagFor } from './decision-commands';

/** What `siteshift wave <sub>` asked for. */
export type WaveAction = 'start' | 'status' | { decision: WaveDecisionName };

/** `siteshift wave start|status|approve-test|retest|approve-cutover|continue|abort`, added to the program. */
export function addWaveCommands(
  program: Command,
  command: (parent: Command, name: string, args: string[], summary: string) => Command,
  action: (sub: Command, wave: WaveAction) => void,
): void {
  const wave = program.command('wave').description('migrate an application as a wave: ordered groups, one test, one cutover approval');
  action(
    command(
      wave,
      'start',
      ['wave-file'],
      'validate a wave file (JSON, or YAML by its .yaml/.yml name; "-": JSON on stdin) and start it',
    ).option('--by <name>', "who starts it: the wave's startedBy unless the file names one (four-eyes: they may not approve its cutover)"),
    'start',
  );
  action(command(wave, 'status', ['wave'], 'show the wave: stage, what it waits for, groups and machines'), 'status');
  for (const decision of WAVE_DECISION_NAMES) {
    const { command: name, summary, schema } = WAVE_DECISIONS[decision];
    const sub = command(wave, name, ['wave'], summary);
    for (const [field, fieldSchema] of Object.entries(schema.shape)) {
      if (field === 'cutoverWindow') continue;
      const required = !(fieldSchema as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success;
      const help = DECISION_FIELD_HELP[field] ?? { value: 'value', help: field };
      sub.option(`${optionFlagFor(field)} <${help.value}>`, required ? `${help.help} (required)` : help.help);
    }
    sub.option('--signal', 'send a Signal (fire and forget) instead of an Update');
    action(sub, { decision });
  }
}
