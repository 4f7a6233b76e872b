import type * as MigrateWave from './migrate-wave';
import type * as ProtectMachine from './protect-machine';

export { migrateMachine } from './migrate-machine';

/*
 * The wave and protection workflows' modules are evaluated when such a workflow first runs, not in every
 * workflow context: each cached workflow evaluates the modules it loads in a module cache of its own, and
 * migrations, thousands at a time, need neither (bench/context-memory.ts measures what a context holds).
 */

export function migrateWave(...args: Parameters<typeof MigrateWave.migrateWave>): ReturnType<typeof MigrateWave.migrateWave> {
  // eslint-disable-next-line no-restricted-globals, @typescript-eslint/no-require-imports -- a sibling workflow module (inside the fence), evaluated on first run only
  return (require('./migrate-wave') as typeof MigrateWave).migrateWave(...args);
}

export function protectMachine(
  ...args: Parameters<typeof ProtectMachine.protectMachine>
): ReturnType<typeof ProtectMachine.protectMachine> {
  // eslint-disable-next-line no-restricted-globals, @typescript-eslint/no-require-imports -- a sibling workflow module (inside the fence), evaluated on first run only
  return (require('./protect-machine') as typeof ProtectMachine).protectMachine(...args);
}
