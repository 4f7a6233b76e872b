import { join } from 'node:path';
import { apiSettingsFromEnv, oidcSettingsFromEnv } from '../../config/api';

describe('OIDC settings (SITESHIFT_API_OIDC_*)', () => {
  const base = {
    SITESHIFT_API_OIDC_ISSUER: 'https://login.example.test/tenant/v2.0',
    SITESHIFT_API_OIDC_AUDIENCE: 'api://siteshift',
    SITESHIFT_API_OIDC_JWKS: 'https://login.example.test/tenant/discovery/v2.0/keys',
  };

  it('are off without an issuer, and read with defaults when it is set', () => {
    expect(oidcSettingsFromEnv({})).toBeUndefined();
    expect(apiSettingsFromEnv({}).oidc).toBeUndefined();
    expect(oidcSettingsFromEnv(base)).toEqual({
      issuer: base.SITESHIFT_API_OIDC_ISSUER,
      audience: 'api://siteshift',
      jwks: { url: new URL(base.SITESHIFT_API_OIDC_JWKS) },
      nameClaim: 'preferred_username',
      rolesClaim: 'roles',
      roleMap: undefined,
    });
  });

  it('read a JWKS file path, claim paths and a role map', () => {
    expect(
      oidcSettingsFromEnv({
        ...base,
        SITESHIFT_API_OIDC_JWKS: 'keys/jwks.json',
        SITESHIFT_API_OIDC_NAME_CLAIM: 'email',
        SITESHIFT_API_OIDC_ROLES_CLAIM: 'realm_access.roles',
        SITESHIFT_API_OIDC_ROLE_MAP: 'SiteShift.Approvers=approver, SiteShift.Admins=admin,SiteShift.Admins=viewer',
      }),
    ).toMatchObject({
      jwks: { file: join(process.cwd(), 'keys/jwks.json') },
      nameClaim: 'email',
      rolesClaim: 'realm_access.roles',
      roleMap: { 'SiteShift.Approvers': ['approver'], 'SiteShift.Admins': ['admin', 'viewer'] },
    });
  });

  it('refuse what is missing or wrong, naming the variable', () => {
    expect(() => oidcSettingsFromEnv({ ...base, SITESHIFT_API_OIDC_AUDIENCE: '' })).toThrow(
      /SITESHIFT_API_OIDC_AUDIENCE must be set when SITESHIFT_API_OIDC_ISSUER is/,
    );
    expect(() => oidcSettingsFromEnv({ ...base, SITESHIFT_API_OIDC_JWKS: ' ' })).toThrow(/SITESHIFT_API_OIDC_JWKS must be set/);
    expect(() => oidcSettingsFromEnv({ SITESHIFT_API_OIDC_AUDIENCE: 'x' })).toThrow(
      /SITESHIFT_API_OIDC_AUDIENCE must be set only with SITESHIFT_API_OIDC_ISSUER/,
    );
    expect(() => oidcSettingsFromEnv({ ...base, SITESHIFT_API_OIDC_ISSUER: 'ftp://idp' })).toThrow(
      /SITESHIFT_API_OIDC_ISSUER must be the issuer URL/,
    );
    expect(() => oidcSettingsFromEnv({ ...base, SITESHIFT_API_OIDC_ROLE_MAP: 'Ops=boss' })).toThrow(
      /SITESHIFT_API_OIDC_ROLE_MAP must be comma-separated/,
    );
    expect(() => oidcSettingsFromEnv({ ...base, SITESHIFT_API_OIDC_ROLES_CLAIM: 'a b' })).toThrow(
      /SITESHIFT_API_OIDC_ROLES_CLAIM must be a claim name/,
    );
  });
});
