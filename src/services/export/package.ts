/**
 * Submission package: one ZIP (fflate) per figure set with each figure in the chosen formats —
 * labelled and unlabelled — its legend and alt text, a provenance manifest (JSON and text) and
 * the image-integrity statement written from the same records. Sources are named only by
 * SHA-256, size and type; no path or file name goes into the package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8, type Zippable } from 'fflate';
import type { Figure, Project } from '../../shared/figure/schema';
import { writeLegend } from '../../shared/figure/legend';
import { altTextOf } from '../../shared/figure/alt-text';
import {
  buildManifest,
  figureProvenance,
  manifestText,
  type FigureProvenance,
  type Manifest,
  type PanelFacts,
  type WindowUsed,
} from '../../shared/figure/provenance';
import { effectiveWindow } from '../../shared/imaging/display';
import { ApiError } from '../../shared/api';
import { renderProjectFigure } from './render-figure';
import { resourcesDir } from '../paths';
import { buildDeck } from './pptx';
import { throwIfAborted } from './raster';
import { writeFileAtomic } from './write-atomic';
import { legendContext, openFigureSources, sourceType, type SourceResolver } from './teaching-context';

export const PACKAGE_FORMATS = ['png', 'tiff', 'jpeg', 'pdf', 'svg', 'pptx'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];
const EXT: Record<PackageFormat, string> = { png: 'png', tiff: 'tif', jpeg: 'jpg', pdf: 'pdf', svg: 'svg', pptx: 'pptx' };

export interface PackageOptions extends SourceResolver {
  project: Project;
  figureIds: string[];
  formats: PackageFormat[];
  /** Raster and PDF resolution; slides use 300 dpi pictures. */
  dpi: number;
  /** Software version written into the manifest; default this build's. */
  version?: string;
  signal?: AbortSignal;
  onProgress?: (f: number) => void;
}

export interface PackageResult {
  zip: Uint8Array;
  entries: string[];
  manifest: Manifest;
}

let version: string | null = null;
/** This build's version, from its package.json (beside resources/, or inside the packaged app). */
export function softwareVersion(): string {
  if (version) return version;
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    join(resourcesDir(), '..', 'package.json'),
    ...(packaged ? [join(packaged, 'app.asar', 'package.json'), join(packaged, 'app', 'package.json')] : []),
  ];
  for (const c of candidates) {
    try {
      const v = (JSON.parse(readFileSync(c, 'utf8')) as { name?: string; version?: string }).version;
      if (v) return (version = v);
    } catch {
      /* next candidate */
    }
  }
  return (version = 'unknown');
}

/** Per panel: the measured source facts and the window the export uses. */
async function panelFacts(figure: Figure, o: SourceResolver): Promise<Map<string, PanelFacts>> {
  const opened = await openFigureSources(figure, o);
  const facts = new Map<string, PanelFacts>();
  for (const [i, panel] of figure.panels.entries()) {
    const src = opened.get(panel.sourceId);
    const path = o.resolveSource(panel.sourceId);
    if (!src || !path) throw new ApiError('missing-image', `cannot package ${figure.name}: panel ${i + 1}'s image is not in the project`);
    const frame = await o.images.frame(path, panel.frame);
    const win = effectiveWindow(frame, panel.display, src.info.windows);
    const d = panel.display;
    const window: WindowUsed | null = win
      ? {
          center: win.center,
          width: win.width,
          source: d.window
            ? 'panel'
            : d.range && d.range.max > d.range.min
              ? 'display-range'
              : src.info.windows.length
                ? 'file'
                : 'min-max',
          unit: src.info.modality === 'CT' ? 'HU' : '',
        }
      : null;
    facts.set(panel.id, {
      source: {
        sha256: src.sha256,
        size: src.size,
        type: sourceType(src.info),
        widthPx: src.info.width,
        heightPx: src.info.height,
        frames: src.info.frames,
      },
      window,
    });
  }
  return facts;
}

/** The package in memory: figure files, legends, alt text, provenance and integrity statement. */
export async function buildPackage(o: PackageOptions): Promise<PackageResult> {
  if (!o.formats.length) throw new ApiError('bad-request', 'choose at least one format for the package');
  const figures = o.figureIds.map((id) => {
    const f = o.project.figures.find((x) => x.id === id);
    if (!f) throw new ApiError('bad-request', `no figure ${id} in the project`);
    if (!f.panels.length) throw new ApiError('empty-figure', `${f.name} has no panels to package`);
    return f;
  });
  if (!figures.length) throw new ApiError('bad-request', 'no figure to package');
  const files: Zippable = {};
  // Fixed time stamps: the package says nothing about when (or on whose machine) it was made.
  const mtime = new Date(2000, 0, 1);
  const put = (name: string, data: Uint8Array, compress: boolean) => {
    files[name] = [data, { level: compress ? 6 : 0, mtime }];
  };
  const records: FigureProvenance[] = [];
  const steps = figures.length * (o.formats.length * 2 + 1);
  let done = 0;
  const step = () => o.onProgress?.((++done / steps) * 0.95);
  for (const figure of figures) {
    const n = o.project.figures.indexOf(figure) + 1;
    const facts = await panelFacts(figure, o);
    const ctx = legendContext(o.project, await openFigureSources(figure, o));
    records.push(figureProvenance(figure, n, facts));
    step();
    for (const format of o.formats) {
      for (const unlabelled of [false, true]) {
        throwIfAborted(o.signal);
        const name = `figure-${n}${unlabelled ? '-unlabelled' : ''}.${EXT[format]}`;
        if (format === 'pptx') {
          const { buffer } = await buildDeck({
            ...o,
            figureIds: [figure.id],
            unlabelled,
            dpi: Math.min(o.dpi, 300),
            onProgress: undefined,
          });
          put(name, buffer, false);
        } else {
          // Rendered here, by the code the export worker runs for a figure export (the same
          // bytes): a package itself runs in that worker, and needs no worker of its own.
          const { buf } = await renderProjectFigure({
            project: o.project,
            figureId: figure.id,
            format,
            dpi: o.dpi,
            widthMm: null,
            unlabelled,
            quality: 95,
            images: o.images,
            resolveSource: o.resolveSource,
            signal: o.signal,
          });
          put(name, new Uint8Array(buf), format === 'svg' || format === 'tiff');
        }
        step();
      }
    }
    put(`figure-${n}-legend.txt`, strToU8(`Figure ${n}. ${writeLegend(figure, ctx)}\n`), true);
    put(`figure-${n}-alt-text.txt`, strToU8(`${altTextOf(figure, ctx)}\n`), true);
  }
  const manifest = buildManifest(o.version ?? softwareVersion(), records);
  put('provenance.json', strToU8(`${JSON.stringify(manifest, null, 2)}\n`), true);
  put('provenance.txt', strToU8(`${manifestText(manifest)}\n`), true);
  put('image-integrity.txt', strToU8(`${records.map((r) => r.integrity).join('\n\n')}\n`), true);
  const zip = zipSync(files);
  o.onProgress?.(1);
  return { zip, entries: Object.keys(files), manifest };
}

export async function exportPackage(o: PackageOptions & { outPath: string }): Promise<{ bytes: number; entries: string[] }> {
  const r = await buildPackage(o);
  await writeFileAtomic(o.outPath, r.zip);
  return { bytes: r.zip.byteLength, entries: r.entries };
}
