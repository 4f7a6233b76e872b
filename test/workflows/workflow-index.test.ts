/**
 * Each cached workflow evaluates the modules it loads in a module cache of its own: a migration's context must
 * not evaluate the wave and protection workflows' modules, only a wave's or a protection's does (on its first run).
 */
describe('the workflows index (the bundle entry)', () => {
  it('evaluates the wave and protection modules only when such a workflow runs', () => {
    const evaluated: string[] = [];
    jest.isolateModules(() => {
      jest.doMock('../../workflows/migrate-wave', () => (evaluated.push('migrate-wave'), { migrateWave: () => 'wave ran' }));
      jest.doMock('../../workflows/protect-machine', () => (evaluated.push('protect-machine'), { protectMachine: () => 'protection ran' }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
      const workflows = require('../../workflows') as typeof import('../../workflows');
      expect(typeof workflows.migrateMachine).toBe('function');
      expect(evaluated).toEqual([]);

      expect(workflows.migrateWave({} as never)).toBe('wave ran');
      expect(evaluated).toEqual(['migrate-wave']);
      expect(workflows.protectMachine({} as never)).toBe('protection ran');
      expect(evaluated).toEqual(['migrate-wave', 'protect-machine']);
    });
  });

  it('exports each workflow under its type name', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
      const workflows = require('../../workflows') as Record<string, unknown>;
      expect(Object.keys(workflows).sort()).toEqual(['migrateMachine', 'migrateWave', 'protectMachine']);
    });
  });
});
