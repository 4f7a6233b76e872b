import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AZURE_RETRY_AFTER_SECONDS, DEFAULT_INVENTORY_PATH, startEmulator } from './index';

/** `npm run emulator -- [--port 8443] [--state .data/emulator/state.json] [--time-scale 60] ...` */

const USAGE = `Usage: npm run emulator -- [options]
  --port <n>            listen on 127.0.0.1:<n> (default 8443; 0 = any free port)
  --state <file>        state file (default .data/emulator/state.json); the certificate is kept beside it
  --inventory <file>    inventory JSON (default emulator/inventory.json)
  --time-scale <n>      virtual seconds per real second (default 60)
  --bandwidth <mbps>    replication bandwidth per machine (default 100)
  --faults <file>       fault injection config (JSON, see emulator/README.md)
  --retry-after <s>     Retry-After on 202s and operation polls (default 30, as Azure; 0 = omitted)
  --page-size <n>       items per page of a list before nextLink (default 100)`;

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    console.error(`--${name} must be a non-negative number, got '${value}'\n\n${USAGE}`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      state: { type: 'string' },
      inventory: { type: 'string' },
      'time-scale': { type: 'string' },
      bandwidth: { type: 'string' },
      faults: { type: 'string' },
      'retry-after': { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const statePath = resolve(values.state ?? '.data/emulator/state.json');
  const emulator = await startEmulator({
    port: numberOption(values.port, 'port', 8443),
    statePath,
    inventoryPath: values.inventory ? resolve(values.inventory) : DEFAULT_INVENTORY_PATH,
    timeScale: numberOption(values['time-scale'], 'time-scale', 60) || 60,
    bandwidthMbps: numberOption(values.bandwidth, 'bandwidth', 100) || 100,
    faultsPath: values.faults ? resolve(values.faults) : undefined,
    pollRetryAfterSeconds: numberOption(values['retry-after'], 'retry-after', AZURE_RETRY_AFTER_SECONDS),
    pageSize: numberOption(values['page-size'], 'page-size', 100) || 100,
  });
  console.log(`Azure Site Recovery emulator listening on ${emulator.url}
  vault:        /subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vault}
  state:        ${statePath}
  certificate:  ${emulator.certificatePath}
Trust that certificate explicitly in the client, e.g. SiteRecoveryManagementClient options { endpoint: '${emulator.url}', tlsOptions: { ca: <PEM> } },
or NODE_EXTRA_CA_CERTS=${emulator.certificatePath} for a whole Node process. Any bearer token is accepted.
Controls: ${emulator.url}/_emulator/requests, /_emulator/faults, /_emulator/clock (see emulator/README.md). Ctrl-C to stop.`);
  const shutdown = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
