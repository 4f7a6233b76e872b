import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version in siteshift's package.json, found from here whether running from source (cli/) or the build (dist/cli/). */
export function cliVersion(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'siteshift' && manifest.version) return manifest.version;
    } catch {
      // no package.json at this level: look further up
    }
  }
  return 'unknown';
}
