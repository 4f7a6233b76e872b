import fc from 'fast-check';
import { CONTROL_CHARACTERS, CONTROL_EXCEPT_LINE_BREAKS, CONTROL_OR_BROKEN } from '../../common/plain-text';
import { boundedText } from '../../workflows/bounded-text';

/** Control characters are defined once (common/plain-text.ts); each rule that uses them is derived from it. */

/* eslint-disable no-control-regex -- the literal rules these derived ones must equal */
const C0_C1_DEL_OR_LONE_SURROGATE = /[\x00-\x1f\x7f-\x9f\p{Cs}]/u;
/* eslint-enable no-control-regex */

/** Every UTF-16 code unit, alone (lone surrogates included), and a surrogate pair. */
const everyCodeUnit = [...Array.from({ length: 0x10000 }, (_, unit) => String.fromCharCode(unit)), '\ud83d\ude00'];

describe('control characters', () => {
  it('refuse C0/C1 controls, DEL and lone surrogates, nothing else, in single-line decision text', () => {
    expect(everyCodeUnit.filter((text) => CONTROL_OR_BROKEN.test(text) !== C0_C1_DEL_OR_LONE_SURROGATE.test(text))).toEqual([]);
  });

  it('allow exactly tab and line breaks more in multi-line text (a comment or reason)', () => {
    const lineBreak = (text: string) => text === '\t' || text === '\n' || text === '\r';
    expect(
      everyCodeUnit.filter((text) => CONTROL_EXCEPT_LINE_BREAKS.test(text) !== (CONTROL_OR_BROKEN.test(text) && !lineBreak(text))),
    ).toEqual([]);
    expect(['\t', '\n', '\r'].filter((text) => CONTROL_OR_BROKEN.test(text))).toEqual(['\t', '\n', '\r']);
  });

  it('refuse in names and labels everything single-line text refuses, and separators and bidi controls besides', () => {
    expect(everyCodeUnit.filter((text) => CONTROL_OR_BROKEN.test(text) && !CONTROL_CHARACTERS.test(text))).toEqual([]);
    for (const text of ['\u2028', '\u2029', '\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069'])
      expect(CONTROL_CHARACTERS.test(text)).toBe(true);
  });

  it('are what a refusal replaces in kept text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const kept = boundedText(text, 1000)!;
        expect(CONTROL_OR_BROKEN.test(kept)).toBe(false);
        expect(kept.length).toBe(text.length);
      }),
    );
  });
});
