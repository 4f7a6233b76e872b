import { readFile, writeFile } from 'node:fs/promises';
import { stringify as toYaml } from 'yaml';
import { settled } from '../../site-recovery/settled';
import type { VaultInventory } from '../../site-recovery/vault-inventory';
import type { CliIo } from '../commands';
import { EXIT, InputError, UsageError } from '../exit-codes';
import type { ParsedCommand } from '../program';
import { renderLines } from '../terminal-text';
import { buildWave } from './build-wave';
import { PlanInputError } from './plan-errors';
import { isYamlOrJsonPath, parseDefaults, parseMachineList, settingsFor, type MachineRow, type PlanDefaults } from './plan-input';
import { resolveMachines, type Resolved, type Unresolved } from './resolve-machines';

/** How the command reaches the vault: the inventory port configured from SITESHIFT_ASR_* (tests give their own). */
export type InventoryFactory = (env: NodeJS.ProcessEnv) => VaultInventory | Promise<VaultInventory>;

async function defaultInventory(env: NodeJS.ProcessEnv): Promise<VaultInventory> {
  const { createVaultInventoryFromEnv } = await import('../../site-recovery/create-site-recovery');
  return createVaultInventoryFromEnv(env);
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`Cannot read the ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** The vault (or the subscription's VMs) could not be read: nothing was planned. Exit 1. */
class VaultUnreadableError extends Error {
  override name = 'VaultUnreadableError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** The wave to plan: --wave, or the only wave the list names. */
function waveOf(rows: MachineRow[], asked: string | undefined, usage: string): { wave: string; rows: MachineRow[] } {
  if (asked) return { wave: asked, rows: rows.filter((row) => row.wave === undefined || row.wave === asked) };
  const waves = [...new Set(rows.map((row) => row.wave).filter((wave): wave is string => wave !== undefined))];
  if (waves.length === 0)
    throw new UsageError(`plan: the machine list names no wave; add a wave column or pass --wave <name>. Usage: ${usage}`);
  if (waves.length > 1)
    throw new UsageError(`plan: the machine list names several waves (${waves.join(', ')}); choose one with --wave. Usage: ${usage}`);
  return { wave: waves[0], rows };
}

function report(wave: string, resolved: Resolved[], unresolved: Unresolved[]): string[] {
  const total = resolved.length + unresolved.length;
  const lines = [`Wave ${wave}: ${resolved.length} of ${total} machines resolved.`];
  for (const r of resolved)
    lines.push(`  ok   ${r.row.machine} -> ${r.request.machineId} (${r.request.scenario}, group ${r.row.group}) from ${r.foundAs}`);
  for (const u of unresolved) lines.push(`  FAIL ${u.machine} (group ${u.group}): ${u.reason}: ${u.message}`);
  return lines;
}

/**
 * `siteshift plan <machines.csv|plan.yaml> [--defaults file] [--wave name] [--output wave.json|wave.yaml] [--write-partial]`:
 * resolves every machine of the wave against the vault and writes the wave file `siteshift wave start` takes.
 * Machines it cannot resolve are listed with the reason; then nothing is written unless --write-partial.
 */
export async function planCommand(
  parsed: ParsedCommand,
  io: CliIo,
  inventoryFactory: InventoryFactory = defaultInventory,
): Promise<number> {
  const [listPath] = parsed.positionals;
  const { values, json, usage } = parsed;
  const output = typeof values.output === 'string' ? values.output : undefined;
  if (output !== undefined && !isYamlOrJsonPath(output))
    throw new UsageError(`plan: --output must end in .json, .yaml or .yml (the format follows the extension). Usage: ${usage}`);
  const list = parseMachineList(await readText(listPath, 'machine list'), listPath);
  const defaultsPath = typeof values.defaults === 'string' ? values.defaults : undefined;
  const defaults: PlanDefaults | undefined = defaultsPath
    ? parseDefaults(await readText(defaultsPath, 'defaults file'), defaultsPath)
    : list.defaults;
  if (!defaults)
    throw new UsageError(`plan: no defaults: pass --defaults <file> (or put vault: and defaults: in the YAML list). Usage: ${usage}`);
  const { wave, rows } = waveOf(list.rows, typeof values.wave === 'string' ? values.wave : undefined, usage);
  if (rows.length === 0) throw new PlanInputError(`The machine list has no machine in wave ${wave}`);
  const settings = settingsFor(defaults, wave);
  const { vault } = settings;
  if (!vault)
    throw new PlanInputError(`No vault for wave ${wave}: set vault: in the defaults file (for every wave, or under waves.${wave})`);

  const inventory = await inventoryFactory(io.env ?? process.env);
  const [snapshot, azureVms] = await settled([inventory.readVault(vault), inventory.listAzureVms(vault.subscriptionId)]).catch(
    (error: Error) => {
      throw new VaultUnreadableError([
        `Cannot read vault ${vault.name} (resource group ${vault.resourceGroup}, subscription ${vault.subscriptionId}): ${error.message}`,
        'Check the vault in the defaults file and the Site Recovery settings (SITESHIFT_ASR_*, or AZURE_* for a real subscription).',
      ]);
    },
  );
  const { resolved, unresolved } = resolveMachines(rows, wave, settings, { vault, snapshot, azureVms });

  const writePartial = values.writePartial === true;
  const write = resolved.length > 0 && (unresolved.length === 0 || writePartial);
  const waveFile = write ? buildWave(wave, resolved, settings) : undefined;
  if (waveFile && output)
    await writeFile(
      output,
      /\.json$/i.test(output) ? `${JSON.stringify(waveFile, null, 2)}\n` : toYaml(waveFile, { aliasDuplicateObjects: false }),
      'utf8',
    );

  const summary = report(wave, resolved, unresolved);
  if (!write)
    summary.push(
      resolved.length === 0
        ? 'No wave file written: no machine resolved.'
        : 'No wave file written (--write-partial writes the resolved machines).',
    );
  else if (output) summary.push(`Wave file written to ${output}${unresolved.length > 0 ? ' (partial)' : ''}.`);
  // Without --output the wave file is the output (stdout) and the report goes beside it, on stderr.
  if (waveFile && !output) io.stdout.write(`${JSON.stringify(waveFile, null, 2)}\n`);
  const reportTo = output ? io.stdout : io.stderr;
  if (json) {
    const machines = resolved.map((r) => ({
      machine: r.row.machine,
      group: r.row.group,
      machineId: r.request.machineId,
      scenario: r.request.scenario,
      foundAs: r.foundAs,
    }));
    reportTo.write(`${JSON.stringify({ wave, written: write ? (output ?? 'stdout') : null, resolved: machines, unresolved }, null, 2)}\n`);
  } else reportTo.write(renderLines(summary));
  return unresolved.length > 0 ? EXIT.planIncomplete : EXIT.ok;
}
