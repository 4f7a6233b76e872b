import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const resources = globalThis.__siteshiftTestResources;
  if (!resources) return;
  globalThis.__siteshiftTestResources = undefined;
  await resources.env.teardown();
  rmSync(resources.bundleDir, { recursive: true, force: true });
}
