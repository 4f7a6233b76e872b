import type { IdentitySource } from './authenticate';
import { OidcTokens } from './oidc-tokens';
import type { Identity } from './tokens-file';

/**
 * Both token sources side by side: a token of the tokens file is looked up by its hash; anything shaped like a
 * JWT is then verified against the OIDC provider, when one is configured.
 */
export function identitySources(tokensFile: IdentitySource, oidc: OidcTokens | undefined): IdentitySource {
  return {
    async identityOf(token: string): Promise<Identity | undefined> {
      const known = await tokensFile.identityOf(token);
      if (known || !oidc || !OidcTokens.looksLikeJwt(token)) return known;
      return oidc.identityOf(token);
    },
  };
}
