import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  CT_WINDOW_PRESETS,
  ctPreset,
  fullRangeWindow,
  paintsUniform,
  valuesAreHu,
  windowChoices,
  type WindowChoiceInfo,
} from '../../src/shared/imaging/presets';
import { describeWindow, formatWindow } from '../../src/shared/imaging/window-notation';
import { windowToGrey8 } from '../../src/shared/imaging/window';
import { decodeFrame, readInfo } from '../../src/services/images/decode';
import type { DecodedFrame } from '../../src/shared/imaging/types';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../fixtures/dicom/${p}`, import.meta.url)));

const grey = (over: Partial<WindowChoiceInfo>): WindowChoiceInfo => ({
  format: 'dicom',
  channels: 1,
  bitsStored: 12,
  windows: [],
  modality: null,
  units: null,
  rescale: null,
  ...over,
});
const ids = (info: WindowChoiceInfo, frame?: DecodedFrame | null) => windowChoices(info, frame).map((c) => c.id);
const frameOf = (over: Partial<DecodedFrame>): DecodedFrame => ({
  width: 2,
  height: 1,
  channels: 1,
  data: new Uint16Array([0, 0]),
  bitsStored: 12,
  slope: 1,
  intercept: 0,
  photometric: 'MONOCHROME2',
  minStored: 0,
  maxStored: 4095,
  ...over,
});

describe('valuesAreHu', () => {
  it('trusts the decoded units, and falls back on modality CT only when units are unknown', () => {
    expect(valuesAreHu({ modality: 'CT', units: 'HU' })).toBe(true);
    expect(valuesAreHu({ modality: 'PT', units: 'HU' })).toBe(true); // RescaleType HU (e.g. an attenuation map)
    expect(valuesAreHu({ modality: 'CT', units: null })).toBe(false); // no rescale: offset unknown
    expect(valuesAreHu({ modality: 'CR', units: 'OD' })).toBe(false);
    expect(valuesAreHu({ modality: 'DX', units: null })).toBe(false);
    expect(valuesAreHu({ modality: 'CT' })).toBe(true);
    expect(valuesAreHu({ modality: 'MG' })).toBe(false);
  });
});

describe('windowChoices', () => {
  it('offers a CT its own windows then the HU presets, and no Auto/Full range', () => {
    const info = grey({ modality: 'CT', units: 'HU', windows: [{ center: 40, width: 400 }] });
    expect(ids(info)).toEqual(['file-1', ...CT_WINDOW_PRESETS.map((p) => p.id)]);
    const bone = windowChoices(info).find((c) => c.id === 'bone')!;
    expect(bone).toMatchObject({ kind: 'ct', name: 'Bone', window: { center: 300, width: 1500 }, title: 'C 300 / W 1500 HU' });
  });

  it('offers a radiograph its own windows (named by their explanation), Auto and Full range, never an HU preset', () => {
    const info = grey({
      modality: 'CR',
      units: 'OD',
      rescale: { slope: 0.5, intercept: 100 },
      windows: [
        { center: 1600, width: 2800 },
        { center: 900, width: 500 },
      ],
      windowExplanations: ['', 'SOFT TISSUE'],
    });
    const frame = frameOf({ minStored: 1000, maxStored: 4000, slope: 0.5, intercept: 100 });
    const choices = windowChoices(info, frame);
    expect(choices.map((c) => c.id)).toEqual(['file-1', 'file-2', 'auto', 'full']);
    expect(choices[0]).toMatchObject({ name: 'File 1 (C 1600 / W 2800)', title: "The file's window 1" });
    expect(choices[1]).toMatchObject({ name: 'SOFT TISSUE (C 900 / W 500)', title: "The file's window 2: SOFT TISSUE" });
    // Auto spans the values present (600…2100), Full range every 12-bit value (100…2147, integers as dcmtk keeps them).
    expect(choices[2].window).toEqual({ center: 1350.5, width: 1501 });
    expect(choices[3].window).toEqual({ center: 1124, width: 2048 });
    // Before the frame is decoded there is no Auto (it needs the values present).
    expect(ids(info)).toEqual(['file-1', 'file-2', 'full']);
  });

  it('offers nothing to colour images and rasters', () => {
    expect(ids(grey({ channels: 3, modality: 'US' }))).toEqual([]);
    expect(ids(grey({ format: 'tiff', modality: null }))).toEqual([]);
  });

  it('leaves out any choice that would paint the frame one grey', () => {
    // Values 1600…2000: a file window far below them is all white; Auto and Full range stay.
    const info = grey({ modality: 'DX', windows: [{ center: 100, width: 50 }] });
    const frame = frameOf({ minStored: 1600, maxStored: 2000 });
    expect(ids(info, frame)).toEqual(['auto', 'full']);
    expect(paintsUniform({ center: 100, width: 50 }, frame)).toBe(true);
    expect(paintsUniform({ center: 1800, width: 50 }, frame)).toBe(false);
    // A flat image is flat under every window: nothing is left out for it.
    expect(paintsUniform({ center: 100, width: 50 }, frameOf({ minStored: 7, maxStored: 7 }))).toBe(false);
  });

  it('reads a signed frame as signed for the full range', () => {
    const w = fullRangeWindow(grey({ bitsStored: 16 }), frameOf({ minStored: -2000, maxStored: 3000, slope: 1, intercept: -1024 }));
    expect(w).toEqual({ center: -1024, width: 65536 }); // −32768…32767 − 1024
  });
});

describe('the audit images (decoded as the app decodes them)', () => {
  it('CR radiograph (MONOCHROME1, optical density): no HU preset, and none of the offered windows paints it one grey', async () => {
    const bytes = fixture('radiograph/cr_mono1_6154.dcm');
    const [info, frame] = await Promise.all([readInfo(bytes), decodeFrame(bytes)]);
    const choices = windowChoices(info, frame);
    expect(choices.map((c) => c.id)).toEqual(['file-1', 'auto', 'full']);
    for (const c of choices) expect(new Set(windowToGrey8(frame, c.window)).size, c.id).toBeGreaterThan(1);
    // What the audit saw: Bone on this radiograph is one solid grey (black after MONOCHROME1's inversion).
    expect(new Set(windowToGrey8(frame, ctPreset('bone')!))).toEqual(new Set([0]));
  });

  it('CT slice: the HU presets', async () => {
    const bytes = fixture('ct-chest-series/ct_chest_slice_3.dcm');
    const [info, frame] = await Promise.all([readInfo(bytes), decodeFrame(bytes)]);
    expect(windowChoices(info, frame).map((c) => c.id)).toEqual(['file-1', ...CT_WINDOW_PRESETS.map((p) => p.id)]);
  });
});

describe('window notation', () => {
  it('labels each number on screen, so the order cannot be misread', () => {
    expect(formatWindow({ center: 40, width: 400 })).toBe('C 40 / W 400');
    expect(formatWindow({ center: -600, width: 1500 })).toBe('C -600 / W 1500');
    expect(formatWindow({ center: 1839.5049, width: 553.333 })).toBe('C 1839.5 / W 553.33');
    expect(formatWindow({ center: -0.001, width: 1 })).toBe('C 0 / W 1');
  });

  it('writes it out for published text, with a true minus and the unit when known', () => {
    expect(describeWindow({ center: 40, width: 400 }, 'HU')).toBe('window centre 40 HU, width 400 HU');
    expect(describeWindow({ center: -600, width: 1500 }, 'HU')).toBe('window centre \u2212600 HU, width 1500 HU');
    expect(describeWindow({ center: 2048, width: 4096 }, null)).toBe('window centre 2048, width 4096');
  });
});
