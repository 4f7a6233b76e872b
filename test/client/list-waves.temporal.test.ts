import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MigrationClient } from '../../client';
import { STAGES } from '../../common/stages';
import { plainTextArb } from '../support/request-arbitraries';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, type TestConnection } from '../support/temporal';
import { waitUntil } from '../support/polling';

/** Each run starts a few workflows and waits for visibility: keep runs few. */
const RUNS = { stored: 25, unstored: 60 };

/** Any code point, and often one of those a query or a store treats specially (lone surrogates too). */
const anyCharacter = fc.oneof(
  fc.constantFrom("'", '"', '\\', '%', '_', ' ', '\n', '\u0000', '\ud800', '\udc00'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

const swapCase = (text: string) => [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');

describe('list finds the migrations of any wave, exactly', () => {
  let test: TestConnection;
  let migrations: MigrationClient;
  beforeAll(async () => {
    test = await testConnection();
    // No worker: started migrations stay in Preflight, which is all listing needs.
    migrations = new MigrationClient(test.client, uniqueTaskQueue());
  });
  afterAll(() => test.close());

  /** Starts one migration per wave; returns their machine ids in order, and a way to end them. */
  async function startWaves(waves: string[]) {
    const requests = waves.map((wave) => requestFor('physical-to-azure', { wave }));
    const results = await migrations.startBatch(requests);
    expect(results.map((r) => r.outcome)).toEqual(waves.map(() => 'started'));
    return {
      machineIds: requests.map((r) => r.machineId),
      end: () => Promise.all(results.map((r) => test.client.workflow.getHandle(r.workflowId).terminate('test over'))),
    };
  }

  async function machinesOf(wave: string): Promise<string[]> {
    const found = await waitUntil(
      'visibility to catch up',
      () => migrations.list({ wave }),
      (listed) => listed.length > 0,
    );
    return found.map((m) => m.machineId).sort();
  }

  it('with backslashes, quotes and unicode, not their look-alikes', async () => {
    const tag = randomUUID().slice(0, 8);
    const waves = [
      `${tag}\\back`,
      `${tag}\\\\back`,
      `\\${tag}`,
      `${tag}o'brien`,
      `${tag}O'BRIEN`,
      `'${tag}'`,
      `${tag}'`,
      `${tag}say "hi"`,
      `"${tag}"`,
      `${tag} wave_1%`,
      `${tag} ünï ☃ 😀 中`,
    ];
    const started = await startWaves(waves);
    try {
      for (const [i, wave] of waves.entries()) expect([wave, await machinesOf(wave)]).toEqual([wave, [started.machineIds[i]]]);
    } finally {
      await started.end();
    }
  });

  it('for arbitrary waves and stages (property): the server accepts the query, and exactly that wave is listed', async () => {
    const stageArb = fc.option(fc.oneof(fc.constantFrom(...STAGES), fc.string({ maxLength: 30 })), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(plainTextArb(80), stageArb, async (core, stage) => {
        const tag = randomUUID().slice(0, 8);
        const wave = `${core}${tag}`;
        const lookAlikes = [...new Set([`${wave}x`, `${swapCase(core)}${tag}`, `${core}\\${tag}`])].filter((w) => w !== wave);
        const started = await startWaves([wave, ...lookAlikes]);
        try {
          expect(await machinesOf(wave)).toEqual([started.machineIds[0]]);
          if (stage !== undefined && !(STAGES as readonly string[]).includes(stage)) {
            await expect(migrations.list({ wave, stage: stage as never })).rejects.toThrow(/Unknown stage/);
            return;
          }
          const withStage = await migrations.list({ wave, stage: stage as never });
          expect(withStage.map((m) => m.machineId)).toEqual(stage === undefined || stage === 'Preflight' ? [started.machineIds[0]] : []);
        } finally {
          await started.end();
        }
      }),
      { numRuns: RUNS.stored },
    );
  }, 180_000);

  it('for any filter string at all (property): the server accepts the query, and nothing but that exact wave comes back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: anyCharacter, maxLength: 50 }), async (wave) => {
        const listed = await migrations.list({ wave });
        expect(listed.filter((m) => m.wave !== wave)).toEqual([]);
      }),
      { numRuns: RUNS.unstored },
    );
  });
});
