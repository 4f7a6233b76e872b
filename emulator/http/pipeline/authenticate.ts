import { ArmError } from '../errors';
import type { Stage } from './exchange';

/** Any bearer token is accepted; a request without one gets 401 AuthenticationFailed, as from ARM. */
export const authenticate: Stage = {
  name: 'authenticate',
  run(_ctx, { req }) {
    if (/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return;
    throw new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.",
      {
        'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
      },
    );
  },
};
