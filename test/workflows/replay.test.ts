import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { replayHistory } from '../support/temporal';

/** Every recorded history must replay on today's workflow code: change workflow code with patched(). */
const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'));
    await expect(replayHistory(history)).resolves.toBeUndefined();
  });
});
