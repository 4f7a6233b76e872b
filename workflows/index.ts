export { migrateMachine } from './migrate-machine';
export { migrateWave } from './migrate-wave';
export { protectMachine } from './protect-machine';
