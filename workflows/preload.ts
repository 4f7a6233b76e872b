/**
 * Loaded once per worker thread before any migration runs (the bundle's preloadModules), so the zod library
 * is evaluated once and shared by every cached migration instead of once per migration (~0.6 MB each).
 * Only the library: the request and decision schemas are still built, and every payload still validated,
 * inside each migration (zod installs its methods on schema instances lazily, and preloaded modules are
 * frozen, so shared schemas would break).
 */
import { z } from 'zod';

// zod sets its defaults (error messages, the containers' memoizer) on first use, in a configuration object
// that is frozen after preloading: use it once now, failing, as validation does. This also keeps zod in the
// bundle here (zod declares itself free of side effects, so a bare import is dropped).
export const preloadedZod = z.object({ warm: z.string() }).strict().safeParse({ warm: 0, extra: 1 }).success ? undefined : z;
