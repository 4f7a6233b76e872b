import { createServer, type Server } from 'node:https';
import type { EmulatorContext } from '../context';
import { handleAdminRequest, type AdminControls } from '../handlers/admin';
import type { EmulatorCertificate } from './certificate';
import { send } from './messages';
import { handleArmRequest } from './pipeline/pipeline';

/**
 * The HTTPS server on 127.0.0.1: /_emulator/* goes to the admin controls, everything else through the ARM
 * pipeline. A handler that fails unexpectedly answers 500 (an emulator bug, named as such).
 */
export async function listen(
  ctx: EmulatorContext,
  controls: AdminControls,
  certificate: EmulatorCertificate,
  port: number,
): Promise<Server> {
  const server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    const requestUrl = new URL(req.url ?? '/', 'https://emulator.invalid');
    const handler = requestUrl.pathname.startsWith('/_emulator')
      ? handleAdminRequest(controls, req, res, requestUrl)
      : handleArmRequest(ctx, req, res, requestUrl);
    handler.catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, { error: { code: 'InternalServerError', message: `Emulator bug: ${(error as Error).message}` } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}
