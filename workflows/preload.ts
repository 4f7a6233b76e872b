/**
 * Loaded once per worker thread before any migration runs (the bundle's preloadModules), so the zod library
 * is evaluated once and shared by every cached migration instead of once per migration (~0.6 MB each).
 * Only the library: every payload is still validated inside each migration. Schemas are not built here:
 * zod installs its methods on schema instances lazily, and what preloaded modules export is frozen, so a
 * schema built here would break. The request schemas and the decision tables are built after preloading, each
 * on its first use, once per thread (workflows/thread-shared.ts, common/lazy-schema.ts).
 */
import { ed25519 } from '@noble/curves/ed25519';
import { z } from 'zod';

// Every migration builds its schemas afresh and parses each payload once or twice (common/lazy-schema.ts), so
// zod's JIT (it compiles a parser per object schema with `new Function` on its first parse) costs more than it
// saves here: interpreted, a request's parse takes about half the time, with the same checks and messages.
// Set before zod's configuration is frozen (below); the worker's and the client's zod are other copies.
z.config({ jitless: true });

// zod sets its defaults (error messages, the containers' memoizer) on first use, in a configuration object
// that is frozen after preloading: use it once now, failing, as validation does. Only the result is exported,
// not zod's namespace object `z`: exporting that would keep all of zod in the bundle, every locale included
// (+1.4 MB of bundle with its source map), where the members used here bring the modules the schemas use.
// z.iso brings zod's iso module, which the decision schemas use (common/decisions.ts).
export const zodWarmedUp = !z.object({ warm: z.iso.datetime() }).strict().safeParse({ warm: 0, extra: 1 }).success;

/**
 * Ed25519 (signed decisions): its first verification builds the base point's tables (~2.6 MB of heap, ~130 ms
 * measured in Node). Done once here, on RFC 8032's first test vector, they are shared by every migration
 * instead of built in each one that verifies a proof.
 */
export const preloadedEd25519 = ed25519.verify(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  new Uint8Array(0),
  'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  { zip215: false },
)
  ? ed25519
  : undefined;
