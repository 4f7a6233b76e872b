import { toArmBody } from '../arm-body';
import { ArmError } from '../errors';
import type { Stage } from './exchange';

/** The body is parsed once, here; handlers get it typed (ArmBody), never the raw text. */
export const parseBody: Stage = {
  name: 'parse body',
  run(_ctx, exchange) {
    let json: unknown;
    try {
      json = exchange.rawBody.trim() === '' ? undefined : JSON.parse(exchange.rawBody);
    } catch (error) {
      throw new ArmError(400, 'InvalidRequestContent', `The request content is not valid JSON: ${(error as Error).message}`);
    }
    exchange.body = toArmBody(json);
  },
};
