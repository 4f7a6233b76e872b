/**
 * Loaded once per worker thread before any migration runs (the bundle's preloadModules), so the zod library
 * is evaluated once and shared by every cached migration instead of once per migration (~0.6 MB each).
 * Only the library: the request and decision schemas are still built, and every payload still validated,
 * inside each migration (zod installs its methods on schema instances lazily, and preloaded modules are
 * frozen, so shared schemas would break).
 */
import { z } from 'zod';

// zod sets its defaults (error messages, the containers' memoizer) on first use, in a configuration object
// that is frozen after preloading: use it once now, failing, as validation does. Only the result is exported,
// not zod's namespace object `z`: exporting that would keep all of zod in the bundle, every locale included
// (+1.4 MB of bundle with its source map), where the members used here bring the modules the schemas use.
// z.iso brings zod's iso module, which the decision schemas use (common/decisions.ts).
export const zodWarmedUp = !z.object({ warm: z.iso.datetime() }).strict().safeParse({ warm: 0, extra: 1 }).success;
