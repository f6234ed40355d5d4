import { describe, expect, it } from 'vitest';
import { DECODE_AHEAD, idsAhead } from '../../src/renderer/imaging/decode-ahead';

const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);

describe('idsAhead', () => {
  it('asks for the next slices in the direction of travel', () => {
    expect(idsAhead(ids, 5, 4)).toEqual(ids.slice(6, 6 + DECODE_AHEAD));
    expect(idsAhead(ids, 30, 31)).toEqual(ids.slice(30 - DECODE_AHEAD, 30).reverse());
  });
  it('starts forward and stops at the ends of the series', () => {
    expect(idsAhead(ids, 0, -1)).toEqual(ids.slice(1, 1 + DECODE_AHEAD));
    expect(idsAhead(ids, 37, 36)).toEqual(['s38', 's39']);
    expect(idsAhead(ids, 1, 2)).toEqual(['s0']);
  });
});
