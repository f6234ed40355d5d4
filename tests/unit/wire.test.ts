// The web host's framing: typed arrays travel as raw bytes, everything else as JSON.
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../src/shared/wire';

describe('wire framing', () => {
  it('round-trips typed arrays nested anywhere, as typed arrays of the same kind and values', () => {
    const pixels = new Uint16Array([0, 1, 4095, 65535]);
    const value = {
      name: 'CT slice',
      frames: [{ pixels, spacing: new Float64Array([0.7, 0.7]) }],
      // A view into a larger buffer sends only its own bytes.
      tail: new Uint8Array(new Uint8Array([9, 8, 7, 6, 5]).buffer, 2, 2),
      nested: { deeper: [new Int16Array([-1024, 3071])] },
    };
    const back = decodeWire(encodeWire(value)) as typeof value;
    expect(back.name).toBe('CT slice');
    expect(back.frames[0].pixels).toBeInstanceOf(Uint16Array);
    expect([...back.frames[0].pixels]).toEqual([0, 1, 4095, 65535]);
    expect([...back.frames[0].spacing]).toEqual([0.7, 0.7]);
    expect([...back.tail]).toEqual([7, 6]);
    expect(back.nested.deeper[0]).toBeInstanceOf(Int16Array);
    expect([...back.nested.deeper[0]]).toEqual([-1024, 3071]);
  });

  it('leaves JSON.stringify of typed arrays as it was, after a message and after a refused one', () => {
    const before = JSON.stringify({ a: new Uint8Array([1, 2]) });
    encodeWire({ a: new Uint8Array([1, 2]) });
    expect(() => encodeWire({ big: new BigInt64Array(1) })).toThrow(/cannot send BigInt64Array/);
    expect(JSON.stringify({ a: new Uint8Array([1, 2]) })).toBe(before);
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(Uint8Array.prototype))).not.toContain('toJSON');
  });
});
