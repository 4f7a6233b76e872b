import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import v8 from 'node:v8';
import type { RawSourceMap } from 'source-map';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';

const run = promisify(execFile);
const SOURCE_MAP_COMMENT = '//# sourceMappingURL=data:';

/**
 * The heap one cached workflow holds for the modules of its bundle, measured without a server: the bundle is
 * loaded as the worker loads it (one shared V8 context, its preloaded modules evaluated once and frozen), then
 * its workflow modules are evaluated `contexts` times, each in a module cache of its own as the SDK gives every
 * workflow it caches, and kept. Heap after minus heap before, per context. Deterministic (no load noise), unlike
 * the worker's RSS; it leaves out the state of a running workflow (its activator, what it built since).
 *
 * Run alone: `node --expose-gc --import tsx bench/context-memory.ts <bundle.js> [contexts]` prints the KB.
 */
export async function moduleHeapPerContextKb(bundlePath: string, contexts = 100): Promise<number> {
  const gc = collector();
  const creator = (await ContextProbe.create(bundleOf(bundlePath), 10_000, new Set())) as ContextProbe;
  const context = creator.vmContext;
  const importWorkflows = new vm.Script('__TEMPORAL__.importWorkflows()');
  const kept: Map<string, unknown>[] = [];
  const evaluate = () => {
    const moduleCache = new Map<string, unknown>();
    context.__TEMPORAL_ACTIVATOR__ = { moduleCache };
    importWorkflows.runInContext(context);
    kept.push(moduleCache);
  };
  evaluate(); // compiles every module's code once, as the first workflow does
  gc();
  const before = v8.getHeapStatistics().used_heap_size;
  for (let i = 0; i < contexts; i++) evaluate();
  gc();
  const after = v8.getHeapStatistics().used_heap_size;
  delete context.__TEMPORAL_ACTIVATOR__;
  await creator.destroy();
  return (after - before) / contexts / 1024;
}

/** The SDK's shared-context creator (what a worker with reuseV8Context, the default, runs), its context in reach. */
class ContextProbe extends ReusableVMWorkflowCreator {
  get vmContext(): vm.Context & { __TEMPORAL_ACTIVATOR__?: { moduleCache: Map<string, unknown> } } {
    return this.context;
  }
}

/** The bundle as the worker runs it: its code without the inline source map, which goes alongside. */
function bundleOf(path: string): { code: string; sourceMap: RawSourceMap; filename: string } {
  const text = readFileSync(path, 'utf8');
  const at = text.lastIndexOf(SOURCE_MAP_COMMENT);
  const base64 = text.indexOf('base64,', at);
  if (at < 0 || base64 < 0) throw new Error(`${path}: no inline source map (bundle it with bundleWorkflowCode)`);
  const sourceMap = JSON.parse(Buffer.from(text.slice(base64 + 'base64,'.length).trimEnd(), 'base64').toString('utf8')) as RawSourceMap;
  return { code: text.slice(0, at), sourceMap, filename: path };
}

/** The same, in a process of its own (with --expose-gc), so nothing else in this one's heap counts. */
export async function moduleHeapPerContextKbInChild(bundlePath: string, contexts = 100): Promise<number> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, bundlePath, String(contexts)], {
    cwd: path.resolve(__dirname, '..'),
  });
  const kb = Number(/^([\d.]+) KB/.exec(stdout)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`bench/context-memory.ts printed no figure: ${stdout}`);
  return kb;
}

function collector(): () => void {
  if (typeof globalThis.gc === 'function') return () => (globalThis.gc!(), globalThis.gc!());
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => (gc(), gc());
}

if (require.main === module) {
  const [bundle, contexts] = process.argv.slice(2);
  moduleHeapPerContextKb(bundle, contexts ? Number(contexts) : undefined)
    .then((kb) => console.log(`${kb.toFixed(1)} KB of heap per workflow context (module evaluation)`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
