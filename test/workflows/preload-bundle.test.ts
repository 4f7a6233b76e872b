import { bundleWorkflowCode } from '@temporalio/worker';
import { MIGRATION_PRELOAD_MODULES, MIGRATION_WORKFLOWS_PATH } from '../../workers/workflow-bundle';

/** The bundle's webpack modules and what each requires, read from the generated code. */
function moduleGraph(code: string): Map<string, Set<string>> {
  const parts = code.split(/\n\/\*\*\*\/ "(\.\/[^"]+)"/);
  const graph = new Map<string, Set<string>>();
  for (let i = 1; i < parts.length - 1; i += 2) {
    const required = [...parts[i + 1].matchAll(/__webpack_require__\((?:\/\*![^*]*\*\/\s*)?"([^"]+)"\)/g)].map((m) => m[1]);
    graph.set(parts[i], new Set(required));
  }
  return graph;
}

function reachedFrom(graph: Map<string, Set<string>>, root: string): Set<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next) || !graph.has(next)) continue;
    seen.add(next);
    stack.push(...graph.get(next)!);
  }
  return seen;
}

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('the migration workflow bundle (workflows/preload.ts)', () => {
  let graph: Map<string, Set<string>>;
  beforeAll(async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: MIGRATION_WORKFLOWS_PATH,
      preloadModules: MIGRATION_PRELOAD_MODULES,
      logger: silent,
    });
    graph = moduleGraph(code);
  }, 120_000);

  it('holds only the zod the schemas use: no namespace object keeping every module and locale', () => {
    const zod = [...graph.keys()].filter((m) => m.includes('/node_modules/zod/'));
    expect(zod.length).toBeGreaterThan(0);
    expect(zod.filter((m) => m.includes('/locales/') && !m.endsWith('/locales/en.js'))).toEqual([]);
  });

  it('preloads every zod module the workflows reach, so each is evaluated once per worker thread, not per migration', () => {
    const roots = [...graph.keys()];
    const workflows = reachedFrom(
      graph,
      roots.find((m) => m.endsWith('/workflows/index.ts'))!,
    );
    const preloaded = reachedFrom(
      graph,
      roots.find((m) => m.endsWith('/workflows/preload.ts'))!,
    );
    const zodOfWorkflows = [...workflows].filter((m) => m.includes('/node_modules/zod/'));
    expect(zodOfWorkflows.length).toBeGreaterThan(0);
    expect(zodOfWorkflows.filter((m) => !preloaded.has(m))).toEqual([]);
  });

  it('shares nothing of a workflow but the thread store itself: workflows/thread-shared.ts imports no module', () => {
    const store = [...graph.keys()].find((m) => m.endsWith('/workflows/thread-shared.ts'));
    expect(store).toBeDefined();
    expect([...graph.get(store!)!]).toEqual([]);
  });
});
