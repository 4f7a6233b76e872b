import { ComputeManagementClient } from '@azure/arm-compute';
import { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type { SiteRecoveryConfig } from './config';

/**
 * Hands out one SDK client per subscription (Site Recovery, and Compute for the inventory), all sharing the
 * configured endpoint, credential, TLS trust and retries.
 */
export class SiteRecoveryClients {
  private readonly clients = new Map<string, SiteRecoveryManagementClient>();
  private readonly computeClients = new Map<string, ComputeManagementClient>();
  private readonly credential: TokenCredential;

  constructor(private readonly config: SiteRecoveryConfig) {
    this.credential = credentialFor(config);
  }

  forSubscription(subscriptionId: string): SiteRecoveryManagementClient {
    const key = subscriptionId.toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      client = createClient(this.config, this.credential, subscriptionId);
      this.clients.set(key, client);
    }
    return client;
  }

  computeForSubscription(subscriptionId: string): ComputeManagementClient {
    const key = subscriptionId.toLowerCase();
    let client = this.computeClients.get(key);
    if (!client) {
      // The api-version override is Site Recovery's; Compute keeps the SDK's own per operation.
      const { apiVersion: _siteRecoveryOnly, ...options } = clientOptions(this.config);
      client = new ComputeManagementClient(this.credential, subscriptionId, options);
      this.computeClients.set(key, client);
    }
    return client;
  }
}

function createClient(config: SiteRecoveryConfig, credential: TokenCredential, subscriptionId: string) {
  return new SiteRecoveryManagementClient(credential, subscriptionId, clientOptions(config));
}

function clientOptions(config: SiteRecoveryConfig) {
  const endpoint = config.endpoint.replace(/\/+$/, '');
  return {
    endpoint,
    // The generated operations build their URLs from $host, not from endpoint.
    $host: endpoint,
    apiVersion: config.apiVersion,
    retryOptions: { maxRetries: config.maxRetries },
    tlsOptions: config.caCertificatePem ? { ca: config.caCertificatePem } : undefined,
    userAgentOptions: { userAgentPrefix: 'siteshift' },
  };
}

function credentialFor(config: SiteRecoveryConfig): TokenCredential {
  if (config.credential.mode === 'default-azure-credential') return new DefaultAzureCredential();
  return staticTokenCredential(config.credential.token);
}

/** The emulator accepts any bearer token; this one never expires. */
export function staticTokenCredential(token: string): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 24 * 3600 * 1000 };
    },
  };
}
