// Issue 22: `medfig info` on a deflated-DICOM bomb (transfer syntax 1.2.840.10008.1.2.1.99): a
// ~1.5 MB file whose data set inflates to 1.5 GiB once took 25–39 s and 4.8 GB. It must exit 2
// with one line and stay under 1 GiB peak memory, measured by /usr/bin/time -v on the real bin.
// The file is built in code: 1 MiB of zeros compressed once with a full flush (a self-contained,
// byte-aligned deflate block) repeated 1,536 times, then an empty final block.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const INFLATED_MIB = 1536;

function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const long = ['OB', 'OW', 'UN', 'SQ', 'UT', 'UC', 'UR'].includes(vr);
  const h = Buffer.alloc(long ? 12 : 8);
  h.writeUInt16LE(group, 0);
  h.writeUInt16LE(el, 2);
  h.write(vr, 4, 'latin1');
  if (long) h.writeUInt32LE(value.length, 8);
  else h.writeUInt16LE(value.length, 6);
  return Buffer.concat([h, value]);
}
const ui = (s: string) => Buffer.from(s.length % 2 ? s + '\0' : s, 'latin1');
const us = (n: number) => Buffer.from([n & 0xff, n >> 8]);

function bomb(): Buffer {
  const metaBody = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', ui('1.2.840.10008.5.1.4.1.1.7')),
    element(0x0002, 0x0003, 'UI', ui('1.2.3.4.5.6.7.8.9')),
    element(0x0002, 0x0010, 'UI', ui('1.2.840.10008.1.2.1.99')),
  ]);
  const groupLength = element(0x0002, 0x0000, 'UL', Buffer.from(Uint32Array.of(metaBody.length).buffer));
  // The data set: a plausible image header, then Pixel Data claiming (nearly) all of the 1.5 GiB.
  const pixelLength = INFLATED_MIB * 2 ** 20 - 1024;
  const pdHead = Buffer.alloc(12);
  pdHead.writeUInt16LE(0x7fe0, 0);
  pdHead.writeUInt16LE(0x0010, 2);
  pdHead.write('OB', 4, 'latin1');
  pdHead.writeUInt32LE(pixelLength, 8);
  const dsHead = Buffer.concat([
    element(0x0028, 0x0002, 'US', us(1)),
    element(0x0028, 0x0004, 'CS', Buffer.from('MONOCHROME2 ')),
    element(0x0028, 0x0010, 'US', us(32768)),
    element(0x0028, 0x0011, 'US', us(24576)),
    element(0x0028, 0x0100, 'US', us(16)),
    element(0x0028, 0x0101, 'US', us(16)),
    element(0x0028, 0x0103, 'US', us(0)),
    pdHead,
  ]);
  const MiB = Buffer.alloc(2 ** 20);
  const first = Buffer.concat([dsHead, MiB.subarray(dsHead.length)]);
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const firstZ = deflateRawSync(first, flush);
  const zerosZ = deflateRawSync(MiB, flush);
  const parts = [Buffer.alloc(128), Buffer.from('DICM'), groupLength, metaBody, firstZ];
  for (let i = 1; i < INFLATED_MIB; i++) parts.push(zerosZ);
  parts.push(Buffer.from([0x03, 0x00])); // final, empty fixed-Huffman block
  return Buffer.concat(parts);
}

let file: string;
beforeAll(() => {
  file = join(mkdtempSync(join(tmpdir(), 'medfig-bomb-')), 'bomb.dcm');
  writeFileSync(file, bomb());
});

describe('deflated DICOM bomb (1.5 GiB inflated)', () => {
  it.skipIf(!existsSync('/usr/bin/time'))(
    'medfig info exits 2 with one line, under 1 GiB peak memory',
    () => {
      // The generous spawn timeout only stops a hang; the elapsed time is printed, not asserted.
      const r = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'bin/medfig.js'), 'info', file], {
        encoding: 'utf8',
        cwd: root,
        timeout: 120_000,
      });
      const timeOut = r.stderr.slice(r.stderr.indexOf('\tCommand being timed'));
      const medfigErr = r.stderr
        .slice(0, r.stderr.indexOf('\tCommand being timed'))
        .replace(/^Command exited with non-zero status \d+$/m, '')
        .trim();
      const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timeOut)?.[1]);
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(timeOut)?.[1];
      const exit = Number(/Exit status: (\d+)/.exec(timeOut)?.[1]);
      console.log(`[bomb] exit ${exit}, wall ${wall}, peak RSS ${(peakKb / 1024).toFixed(0)} MB: ${medfigErr}`);
      expect(exit).toBe(2);
      expect(medfigErr.split('\n')).toHaveLength(1);
      expect(medfigErr).toMatch(/^medfig: bomb\.dcm: /);
      expect(medfigErr).not.toMatch(/\bat .+:\d+:\d+|inflateRaw|inflateSync|zlib|RangeError/i);
      expect(peakKb).toBeGreaterThan(0);
      expect(peakKb / 1024 / 1024, 'peak RSS in GiB').toBeLessThan(1);
    },
    150_000,
  );
});
