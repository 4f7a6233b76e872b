import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { InvalidWaveDecisionError, WaveClient } from '../client/wave-client';
import { parseWaveDecision } from '../common/wave-decisions';
import { parseWaveRequest } from '../common/wave-request';
import type { WaveStatus } from '../common/wave-status';
import { optionFlagFor } from './decision-commands';
import { directTemporal } from './direct-temporal';
import { EXIT, InputError, UsageError } from './exit-codes';
import type { CliIo, CliMigrations, PreparedCommand } from './commands';
import type { ParsedCommand } from './program';
import { withStartedBy } from './option-values';
import { readJsonSource } from './read-json';
import { renderLines } from './terminal-text';

async function readWaveFile(path: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  if (!/\.ya?ml$/i.test(path)) return readJsonSource(path, stdin);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new InputError(`Invalid YAML in ${path}: ${(error as Error).message}`);
  }
}

export async function prepareWaveCommand(parsed: ParsedCommand & { kind: 'wave' }, io: CliIo): Promise<PreparedCommand> {
  const { positionals, values, json } = parsed;
  const print = (value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const waves = (backend: CliMigrations) => {
    const direct = directTemporal(backend, parsed.name);
    return new WaveClient(direct.client, direct.taskQueue);
  };
  const { wave } = parsed;
  if (wave === 'start') {
    const request = parseWaveRequest(withStartedBy(await readWaveFile(positionals[0], io.stdin), values.by));
    return {
      async run(client) {
        const started = await waves(client).startWave(request);
        if (json) print({ wave: started.wave, workflowId: started.workflowId });
        else
          io.stdout.write(
            renderLines([`wave ${started.wave} started (${started.workflowId}); see: siteshift wave status ${started.wave}`]),
          );
        return EXIT.ok;
      },
    };
  }
  const name = positionals[0];
  if (wave === 'status') {
    return {
      async run(client) {
        const status = await waves(client).waveStatus(name);
        if (json) print(status);
        else io.stdout.write(renderLines(waveStatusLines(status)));
        return EXIT.ok;
      },
    };
  }
  const { decision } = wave;
  const payload = Object.fromEntries(
    Object.entries(values).filter(([key, value]) => key !== 'json' && key !== 'signal' && value !== undefined),
  );
  const result = parseWaveDecision(decision, payload);
  if (!result.success) {
    const missing = result.issues.find((issue) => issue.message === 'is required');
    if (missing) throw new UsageError(`${parsed.name}: ${optionFlagFor(missing.path)} is required. Usage: ${parsed.usage}`);
    throw new InvalidWaveDecisionError(
      decision,
      result.issues.map((issue) => ({ ...issue, path: issue.path ? optionFlagFor(issue.path) : issue.path })),
    );
  }
  const via = values.signal === true ? 'signal' : 'update';
  return {
    async run(client) {
      const status = await waves(client).decide(name, decision, result.data.payload, { via });
      if (json) print(status ?? { wave: name, decision, via, sent: true });
      else if (!status) io.stdout.write(renderLines([`${decision} signal sent to wave ${name}; see: siteshift wave status ${name}`]));
      else io.stdout.write(renderLines([`${decision} accepted for wave ${name} (now ${status.stage})`]));
      return EXIT.ok;
    },
  };
}

export function waveStatusLines(status: WaveStatus): string[] {
  const counts = Object.entries(status.counts)
    .map(([stage, n]) => `${stage} ${n}`)
    .join(', ');
  const lines = [
    `wave ${status.name}: ${status.stage} since ${status.since} (run ${status.run}, failure policy ${status.failurePolicy})`,
    ...(status.waitingFor ? [`waiting for: ${status.waitingFor.what} (since ${status.waitingFor.since})`] : []),
    `machines: ${counts || 'none'}`,
  ];
  for (const group of status.groups) {
    lines.push(`group ${group.name}: ${group.state}${group.manualAction ? ` (manual action: ${group.manualAction})` : ''}`);
    for (const m of group.machines)
      lines.push(`  ${m.machineId.padEnd(40)} ${m.stage}${m.error ? `  ${m.error.code}: ${m.error.message}` : ''}`);
  }
  if (status.lastError) lines.push(`last error: ${status.lastError.code}: ${status.lastError.message}`);
  for (const note of status.notes) lines.push(`note: ${note}`);
  return lines;
}
