import fc from 'fast-check';
import { RequestLog } from '../../emulator/http/request-log';

const entry = (operation: string) => ({ method: 'GET', path: '/x', operation, status: 200 });

describe('the request log read from a point on', () => {
  it('since(seq) is exactly the entries after seq of all(), for any seq', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.integer({ min: -3, max: 45 }), (count, seq) => {
        const log = new RequestLog();
        for (let i = 0; i < count; i++) log.append(entry(`op-${i}`));
        expect(log.since(seq)).toEqual(log.all().filter((e) => e.seq > seq));
      }),
    );
  });

  it('gives copies: changing what it returned does not change the log', () => {
    const log = new RequestLog();
    log.append(entry('first'));
    log.since(0)[0].operation = 'changed';
    expect(log.all()[0].operation).toBe('first');
  });

  it('after a clear, numbering starts again at 1 and since(0) gives only the new entries', () => {
    const log = new RequestLog();
    log.append(entry('before'));
    log.clear();
    log.append(entry('after'));
    expect(log.since(0).map((e) => [e.seq, e.operation])).toEqual([[1, 'after']]);
  });
});
