import { AzureSiteRecovery } from './azure/azure-site-recovery';
import { SiteRecoveryClients } from './azure/client';
import { parseSiteRecoveryConfig, siteRecoveryConfigFromEnv, type SiteRecoveryConfigInput } from './azure/config';
import type { DisasterRecovery } from './disaster-recovery';
import type { SiteRecovery } from './site-recovery';

export {
  InvalidSiteRecoveryConfigError,
  SITE_RECOVERY_ENV,
  SiteRecoveryConfigSchema,
  type SiteRecoveryConfig,
  type SiteRecoveryConfigInput,
} from './azure/config';

/** The Site Recovery adapter (migration and disaster recovery) configured from SITESHIFT_ASR_* (and AZURE_* for DefaultAzureCredential). */
export async function createSiteRecoveryFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SiteRecovery & DisasterRecovery> {
  return createSiteRecovery(siteRecoveryConfigFromEnv(env));
}

/** The Site Recovery adapter for an explicit configuration (tests, the demo). */
export function createSiteRecovery(config: SiteRecoveryConfigInput): SiteRecovery & DisasterRecovery {
  const parsed = parseSiteRecoveryConfig(config);
  return new AzureSiteRecovery(new SiteRecoveryClients(parsed), parsed);
}
