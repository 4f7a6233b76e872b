import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { InvalidWaveDecisionError } from '../client/wave-errors';
import { checkWith } from '../common/field-issues';
import { wavePayloadSchemaWithoutBy } from '../common/wave-decision-payload';
import { parseWaveDecision } from '../common/wave-decisions';
import { parseWaveRequest } from '../common/wave-request';
import type { WaveStatus } from '../common/wave-status';
import { optionFlagFor } from './decision-commands';
import { EXIT, InputError, UsageError } from './exit-codes';
import type { CliIo, CliMigrations, PreparedCommand } from './commands';
import type { ParsedCommand } from './program';
import { withStartedBy } from './option-values';
import { readJsonSource } from './read-json';
import { renderLines } from './terminal-text';
import { wavesFor } from './wave-backend';

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
  const waves = (backend: CliMigrations) => wavesFor(backend, parsed.name);
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
  // Through the API (SITESHIFT_API_URL), the decision is made as the token's identity, and sent as an update.
  const viaApi = Boolean(io.env?.SITESHIFT_API_URL?.trim());
  if (viaApi && values.by !== undefined)
    throw new UsageError(
      `${parsed.name}: --by is not taken through the API (SITESHIFT_API_URL): the decision is made as your token's identity`,
    );
  if (viaApi && values.signal === true)
    throw new UsageError(`${parsed.name}: --signal is not available through the API (SITESHIFT_API_URL): decisions are sent as updates`);
  const result = viaApi ? checkWith(wavePayloadSchemaWithoutBy(decision), payload) : parseWaveDecision(decision, payload);
  if (!result.success) {
    const missing = result.issues.find((issue) => issue.message === 'is required');
    if (missing) throw new UsageError(`${parsed.name}: ${optionFlagFor(missing.path)} is required. Usage: ${parsed.usage}`);
    throw new InvalidWaveDecisionError(
      decision,
      result.issues.map((issue) => ({ ...issue, path: issue.path ? optionFlagFor(issue.path) : issue.path })),
    );
  }
  const checked = (viaApi ? result.data : (result.data as { payload: unknown }).payload) as Record<string, unknown>;
  const via = values.signal === true ? 'signal' : 'update';
  return {
    async run(client) {
      const status = await waves(client).decide(name, decision, checked, { via });
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
    const multiVmGroup = group.multiVmGroupName ? ` (multi-VM group ${group.multiVmGroupName})` : '';
    lines.push(`group ${group.name}: ${group.state}${multiVmGroup}${group.manualAction ? ` (manual action: ${group.manualAction})` : ''}`);
    for (const m of group.machines)
      lines.push(`  ${m.machineId.padEnd(40)} ${m.stage}${m.error ? `  ${m.error.code}: ${m.error.message}` : ''}`);
  }
  if (status.lastError) lines.push(`last error: ${status.lastError.code}: ${status.lastError.message}`);
  for (const note of status.notes) lines.push(`note: ${note}`);
  return lines;
}
