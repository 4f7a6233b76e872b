import type { Route } from '../http/route';
import { CONTAINER_ROUTES } from './containers';
import { DR_ACTION_ROUTES } from './dr-actions';
import { FABRIC_ROUTES } from './fabrics';
import { JOB_ROUTES } from './jobs';
import { MAPPING_ROUTES } from './mappings';
import { NETWORK_ROUTES } from './networks';
import { OPERATION_ROUTES } from './operations';
import { POLICY_ROUTES } from './policies';
import { PROTECTABLE_ITEM_ROUTES } from './protectable-items';
import { PROTECTED_ITEM_ACTION_ROUTES } from './protected-item-actions';
import { PROTECTED_ITEM_ROUTES } from './protected-items';
import { RECOVERY_POINT_ROUTES } from './recovery-points';
import { VAULT_ROUTES } from './vault';

/** Every ARM route under a vault, with the swagger operationId of each (no two match the same path and method). */
export const ROUTES: readonly Route[] = [
  ...VAULT_ROUTES,
  ...FABRIC_ROUTES,
  ...NETWORK_ROUTES,
  ...CONTAINER_ROUTES,
  ...MAPPING_ROUTES,
  ...POLICY_ROUTES,
  ...PROTECTABLE_ITEM_ROUTES,
  ...PROTECTED_ITEM_ROUTES,
  ...PROTECTED_ITEM_ACTION_ROUTES,
  ...DR_ACTION_ROUTES,
  ...RECOVERY_POINT_ROUTES,
  ...JOB_ROUTES,
  ...OPERATION_ROUTES,
];
