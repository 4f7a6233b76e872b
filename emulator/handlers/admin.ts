import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readBody, send } from '../http/messages';
import { parseFaultConfig } from '../model/faults';

const ClockAdvanceSchema = z.strictObject({ advanceSeconds: z.number().nonnegative() });

/**
 * Test and demo controls under /_emulator (no authentication, never throttled, not in the request log):
 *   GET    /_emulator/health
 *   GET    /_emulator/requests          the request log        DELETE clears it
 *   GET    /_emulator/faults            current fault config   POST replaces it (JSON body)   DELETE clears it
 *   POST   /_emulator/clock             {"advanceSeconds": n}: move virtual time forward
 *   GET    /_emulator/state             the persisted state document (debugging)
 */
export interface AdminControls {
  url(): string;
  requestLog(): unknown[];
  clearRequestLog(): void;
  faults(): unknown;
  setFaults(config: unknown): void;
  advanceClock(virtualSeconds: number): void;
  clock(): { now: string; timeScale: number };
  state(): unknown;
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}

export async function handleAdminRequest(controls: AdminControls, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname.replace(/\/+$/, '');
  const raw = await readBody(req);
  let body: unknown;
  try {
    body = raw.trim() ? JSON.parse(raw) : undefined;
  } catch (e) {
    return error(res, 400, 'InvalidRequestContent', `Body is not valid JSON: ${(e as Error).message}`);
  }
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /_emulator/health':
      return send(res, 200, { ok: true, url: controls.url(), clock: controls.clock() });
    case 'GET /_emulator/requests':
      return send(res, 200, { requests: controls.requestLog() });
    case 'DELETE /_emulator/requests':
      controls.clearRequestLog();
      return send(res, 204);
    case 'GET /_emulator/faults':
      return send(res, 200, controls.faults());
    case 'POST /_emulator/faults':
      try {
        controls.setFaults(parseFaultConfig(body));
      } catch (e) {
        return error(res, 400, 'InvalidFaultConfiguration', (e as Error).message);
      }
      return send(res, 200, controls.faults());
    case 'DELETE /_emulator/faults':
      controls.setFaults(parseFaultConfig({}));
      return send(res, 204);
    case 'POST /_emulator/clock': {
      const parsed = ClockAdvanceSchema.safeParse(body);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
        return error(res, 400, 'InvalidRequestContent', `Body must be {"advanceSeconds": <virtual seconds, >= 0>}: ${problems}`);
      }
      controls.advanceClock(parsed.data.advanceSeconds);
      return send(res, 200, controls.clock());
    }
    case 'GET /_emulator/clock':
      return send(res, 200, controls.clock());
    case 'GET /_emulator/state':
      return send(res, 200, controls.state());
    default:
      return error(res, 404, 'NotFound', `No emulator control at ${method} ${path}. See emulator/README.md.`);
  }
}
