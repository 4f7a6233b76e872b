import { isSupportedApiVersion, supportedApiVersionsFor } from '../api-versions';
import { ArmError } from '../errors';
import type { Stage } from './exchange';

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/** The api-version query parameter: required, well-formed, and one the emulator answers. */
export const checkApiVersion: Stage = {
  name: 'api-version',
  run(_ctx, { logged: { apiVersion, path } }) {
    if (!apiVersion) {
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    if (!API_VERSION.test(apiVersion)) {
      throw new ArmError(
        400,
        'InvalidApiVersionParameter',
        `The api-version '${apiVersion}' is invalid. The supported format is 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`,
      );
    }
    if (!isSupportedApiVersion(apiVersion, path)) {
      throw new ArmError(
        400,
        'InvalidApiVersionParameter',
        `The api-version '${apiVersion}' is invalid. The supported versions are '${supportedApiVersionsFor(path).join(',')}'.`,
      );
    }
  },
};
