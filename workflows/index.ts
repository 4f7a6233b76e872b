export { migrateMachine } from './migrate-machine';
