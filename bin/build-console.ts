import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const SOURCE = join(__dirname, '..', 'console');

/**
 * Bundles the web console (console/) into `outDir`: app.js and app.css (preact compiled from TSX, every
 * dependency inside: nothing is fetched from elsewhere) and index.html, which loads only those (and favicon.svg).
 */
export async function buildConsole(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(SOURCE, 'app', 'main.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'favicon.svg']) copyFileSync(join(SOURCE, 'static', file), join(outDir, file));
}

/** `npm run build` (and so `npm ci`): into dist/console, which the API serves at `/`. */
if (require.main === module) {
  buildConsole(join(__dirname, '..', 'dist', 'console')).catch((error: unknown) => {
    console.error('siteshift: building the web console failed:', error);
    process.exit(1);
  });
}
