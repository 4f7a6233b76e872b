export { migrateMachine } from './migrate-machine';
export { protectMachine } from './protect-machine';
