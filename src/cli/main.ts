// `medfig` — the headless CLI, a thin host over the same services as the app.
// Exit codes: 0 success, 1 preflight violations, 2 bad input or usage (one line, no stack).
import { promises as fs } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { ImageError, type ImageInfo } from '../shared/imaging/types';
import { ctPreset, CT_WINDOW_PRESETS } from '../shared/imaging/presets';
import { defaultWindow, toRGBA8, windowToGrey8 } from '../shared/imaging/window';
import { effectiveWindow } from '../shared/imaging/display';
import { Display, type Figure, type Project } from '../shared/figure/schema';
import { preflightFigure, type Violation } from '../shared/figure/preflight';
import { writeLegend } from '../shared/figure/legend';
import { JOURNALS, getJournal } from '../shared/figure/journals';
import { createImageCache, type ImageCache } from '../services/images/cache';
import { loadProject, DocumentError, resolveSourcePath } from '../services/documents';
import { exportProjectFigure, findFigure } from '../services/figure-export';
import { writeFileAtomic } from '../services/export';

export class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

/** The flags each command takes; anything else is a usage error (a typo must not pass silently). */
const ALLOWED: Record<string, string[]> = {
  info: ['json'],
  render: ['o', 'output', 'window', 'preset', 'frame', 'invert'],
  export: ['o', 'output', 'figure', 'all-figures', 'dpi', 'width-mm', 'unlabelled', 'quality', 'format'],
  preflight: ['figure', 'journal', 'dpi', 'format', 'json'],
  legend: ['figure'],
};

function checkFlags(cmd: string, p: Parsed): void {
  const allowed = new Set(ALLOWED[cmd] ?? []);
  for (const name of p.flags.keys())
    if (!allowed.has(name))
      throw new UsageError(
        `${cmd} has no option --${name} (it takes ${[...allowed].map((f) => (f.length === 1 ? `-${f}` : `--${f}`)).join(', ') || 'none'})`,
      );
}

const VALUE_FLAGS = new Set(['o', 'output', 'window', 'preset', 'frame', 'figure', 'dpi', 'width-mm', 'journal', 'format', 'quality']);

export function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const m = /^--?([a-z][a-z0-9-]*)(?:=(.*))?$/i.exec(a);
    if (!m) {
      positional.push(a);
      continue;
    }
    const name = m[1];
    if (m[2] !== undefined) flags.set(name, m[2]);
    else if (VALUE_FLAGS.has(name)) {
      // A value may start with '-' (a negative window centre), so take the next word as is.
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      flags.set(name, argv[++i]);
    } else flags.set(name, true);
  }
  return { positional, flags };
}

function str(p: Parsed, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = p.flags.get(n);
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function num(p: Parsed, name: string, check: (n: number) => boolean, what: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${what} (got "${v}")`);
  return n;
}

const HELP = `medfig — publication figures from clinical images (headless)

  medfig info <image> [--json]
  medfig render <image> -o out.png [--window C,W | --preset NAME] [--frame N] [--invert]
  medfig export <project.medfig>... [--figure N|name | --all-figures] -o <out.png|.tif|.jpg|.pdf|.svg | folder>
                [--dpi N] [--width-mm W] [--unlabelled] [--quality Q]
  medfig preflight <project.medfig> [--figure N] [--journal NAME] [--dpi N] [--format F] [--json]
  medfig legend <project.medfig> [--figure N]

Presets: ${CT_WINDOW_PRESETS.map((p) => `${p.id} (${p.center}/${p.width})`).join(', ')}
Journals: ${JOURNALS.map((j) => j.id).join(', ')}
Exit: 0 ok, 1 preflight violations, 2 bad input or usage.`;

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

let cache: ImageCache | null = null;
const images = () => (cache ??= createImageCache());

async function readInfo(file: string): Promise<ImageInfo> {
  const st = await fs.stat(file).catch(() => null);
  if (!st) throw new ImageError('file not found', 'not-found');
  return (await images().open(resolve(file))).info;
}

async function cmdInfo(p: Parsed, io: CliIo): Promise<number> {
  const file = p.positional[0];
  if (!file) throw new UsageError('info needs an image file');
  const info = await readInfo(file);
  if (p.flags.has('json')) {
    io.out(JSON.stringify({ file: basename(file), ...info }, null, 2));
    return 0;
  }
  const lines = [
    `${basename(file)}: ${info.format.toUpperCase()}${info.modality ? ` ${info.modality}` : ''}, ${info.width} × ${info.height} px${info.frames > 1 ? `, ${info.frames} frames` : ''}`,
    `  bits ${info.bitsStored}/${info.bitsAllocated}, ${info.photometric}, ${info.channels} channel(s)`,
  ];
  if (info.transferSyntax) lines.push(`  transfer syntax ${info.transferSyntax.name} (${info.transferSyntax.uid})`);
  lines.push(
    `  pixel spacing ${info.pixelSpacing ? `${info.pixelSpacing.row} × ${info.pixelSpacing.column} mm (${info.pixelSpacing.source}${info.pixelSpacing.note ? `, ${info.pixelSpacing.note}` : ''})` : 'none (uncalibrated)'}`,
  );
  if (info.windows.length) lines.push(`  windows ${info.windows.map((w) => `${w.center}/${w.width}`).join(', ')}`);
  if (info.burnedInAnnotation) lines.push('  BURNED-IN ANNOTATION: YES');
  if (info.phi.length) lines.push(`  identifying attributes present: ${info.phi.join(', ')}`);
  for (const w of info.warnings) lines.push(`  warning: ${w}`);
  io.out(lines.join('\n'));
  return 0;
}

function parseWindow(v: string): { center: number; width: number } {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,/]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(v);
  if (!m) throw new UsageError(`--window must be CENTRE,WIDTH (e.g. --window=-600,1500), got "${v}"`);
  const width = Number(m[2]);
  if (!(width > 0)) throw new UsageError(`window width must be positive (got ${m[2]})`);
  return { center: Number(m[1]), width };
}

async function cmdRender(p: Parsed, io: CliIo): Promise<number> {
  const file = p.positional[0];
  const out = str(p, 'o', 'output');
  if (!file) throw new UsageError('render needs an image file');
  if (!out) throw new UsageError('render needs -o out.png');
  if (extname(out).toLowerCase() !== '.png') throw new UsageError('render writes PNG: give -o a .png name');
  const frameNo = num(p, 'frame', (n) => Number.isInteger(n) && n >= 1, 'a frame number from 1') ?? 1;
  const winFlag = str(p, 'window');
  const presetFlag = str(p, 'preset');
  if (winFlag && presetFlag) throw new UsageError('give --window or --preset, not both');
  let window = winFlag ? parseWindow(winFlag) : null;
  if (presetFlag) {
    const pr = ctPreset(presetFlag);
    if (!pr) throw new UsageError(`unknown preset "${presetFlag}" (one of ${CT_WINDOW_PRESETS.map((x) => x.id).join(', ')})`);
    window = { center: pr.center, width: pr.width };
  }
  const abs = resolve(file);
  const entry = await images().open(abs);
  if (frameNo > entry.info.frames) throw new ImageError(`frame ${frameNo} requested but the image has ${entry.info.frames}`, 'no-pixels');
  const frame = await images().frame(abs, frameNo - 1);
  const invert = p.flags.has('invert');
  let png: Buffer;
  if (frame.channels === 1) {
    const win = window ?? effectiveWindow(frame, Display.parse({}), entry.info.windows) ?? defaultWindow(frame, entry.info.windows);
    const grey = windowToGrey8(frame, win, invert);
    // b-w keeps the PNG one channel (sharp would otherwise widen grey to sRGB).
    png = await sharp(grey, { raw: { width: frame.width, height: frame.height, channels: 1 } })
      .toColourspace('b-w')
      .png({ adaptiveFiltering: true })
      .toBuffer();
  } else {
    // Colour goes through the same display function as the screen and the exports.
    const rgba = toRGBA8(frame, window ?? effectiveWindow(frame, Display.parse({}), entry.info.windows), invert);
    const n = frame.width * frame.height;
    const rgb = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      rgb[i * 3] = rgba[i * 4];
      rgb[i * 3 + 1] = rgba[i * 4 + 1];
      rgb[i * 3 + 2] = rgba[i * 4 + 2];
    }
    png = await sharp(rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } })
      .png({ adaptiveFiltering: true })
      .toBuffer();
  }
  await writeFileAtomic(resolve(out), png);
  io.err(`wrote ${out} (${frame.width} × ${frame.height}${frame.channels === 1 ? ', grey' : ', RGB'})`);
  return 0;
}

async function openProject(file: string) {
  const r = await loadProject(resolve(file));
  return r;
}

function figuresOf(project: Project, p: Parsed): Figure[] {
  if (p.flags.has('all-figures')) return project.figures;
  const key = str(p, 'figure');
  if (key === undefined) return [project.figures[0]];
  const f = findFigure(project, /^\d+$/.test(key) ? Number(key) : key);
  if (!f)
    throw new UsageError(
      `no figure "${key}" in the project (it has ${project.figures.length}: ${project.figures.map((x, i) => `${i + 1} "${x.name}"`).join(', ')})`,
    );
  return [f];
}

const FORMAT_BY_EXT: Record<string, 'png' | 'tiff' | 'jpeg' | 'pdf' | 'svg'> = {
  '.png': 'png',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.pdf': 'pdf',
  '.svg': 'svg',
};

async function cmdExport(p: Parsed, io: CliIo): Promise<number> {
  const projects = p.positional;
  const out = str(p, 'o', 'output');
  if (!projects.length) throw new UsageError('export needs a project file (.medfig)');
  if (!out) throw new UsageError('export needs -o <file or folder>');
  const dpi = num(p, 'dpi', (n) => n >= 30 && n <= 2400, 'a DPI from 30 to 2400') ?? 600;
  const widthMm = num(p, 'width-mm', (n) => n >= 10 && n <= 1000, 'a width from 10 to 1000 mm') ?? null;
  const quality = num(p, 'quality', (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'a JPEG quality from 1 to 100') ?? 92;
  const outExt = extname(out).toLowerCase();
  const many = projects.length > 1 || p.flags.has('all-figures');
  const formatFlag = str(p, 'format');
  const fromFlag = formatFlag === undefined ? undefined : FORMAT_BY_EXT[`.${formatFlag.toLowerCase().replace(/^\./, '')}`];
  if (formatFlag !== undefined && !fromFlag) throw new UsageError(`--format must be png, tif, jpg, pdf or svg (got "${formatFlag}")`);
  if (!many && !FORMAT_BY_EXT[outExt])
    throw new UsageError(`cannot tell the format from "${basename(out)}": use .png, .tif, .jpg, .pdf or .svg`);
  if (fromFlag && FORMAT_BY_EXT[outExt] && fromFlag !== FORMAT_BY_EXT[outExt])
    throw new UsageError(`--format ${formatFlag} contradicts the extension of "${basename(out)}"`);
  const fmt = FORMAT_BY_EXT[outExt] ?? fromFlag ?? 'png';
  const ext = Object.entries(FORMAT_BY_EXT).find(([, f]) => f === fmt)![0];
  // Check every project and figure before writing anything: a typo must not leave half a batch.
  const jobs: { project: Project; projectDir: string; fig: Figure; target: string }[] = [];
  for (const [k, projFile] of projects.entries()) {
    const { project, projectDir } = await openProject(projFile);
    for (const fig of figuresOf(project, p)) {
      const n = project.figures.indexOf(fig) + 1;
      // Several outputs go into a folder, with names that never carry a project's (often a
      // patient's) name: project-K/figure-N.ext.
      const folder = FORMAT_BY_EXT[outExt] ? dirname(out) : out;
      const name = `figure-${n}${p.flags.has('unlabelled') ? '-unlabelled' : ''}${ext}`;
      const target = many ? (projects.length > 1 ? join(folder, `project-${k + 1}`, name) : join(folder, name)) : out;
      jobs.push({ project, projectDir, fig, target });
    }
  }
  for (const { project, projectDir, fig, target } of jobs) {
    if (many) await fs.mkdir(dirname(target), { recursive: true });
    const r = await exportProjectFigure({
      project,
      figureId: fig.id,
      format: fmt,
      dpi,
      widthMm,
      unlabelled: p.flags.has('unlabelled'),
      quality,
      outPath: resolve(target),
      images: images(),
      resolveSource: (id) => {
        const ref = project.sources.find((s) => s.id === id);
        return ref ? resolveSourcePath(projectDir, ref) : null;
      },
    });
    io.err(
      `wrote ${target}: ${r.widthPx ? `${r.widthPx} × ${r.heightPx} px at ${dpi} dpi, ` : ''}${r.widthMm.toFixed(1)} × ${r.heightMm.toFixed(1)} mm`,
    );
  }
  return 0;
}

async function sourceSizes(project: Project, projectDir: string): Promise<Map<string, { width: number; height: number }>> {
  const m = new Map<string, { width: number; height: number }>();
  for (const s of project.sources) {
    try {
      const info = (await images().open(resolveSourcePath(projectDir, s))).info;
      m.set(s.id, { width: info.width, height: info.height });
    } catch {
      /* a missing source is reported by preflight itself */
    }
  }
  return m;
}

async function cmdPreflight(p: Parsed, io: CliIo): Promise<number> {
  const file = p.positional[0];
  if (!file) throw new UsageError('preflight needs a project file (.medfig)');
  const journalId = str(p, 'journal') ?? 'custom';
  if (!JOURNALS.some((j) => j.id === journalId))
    throw new UsageError(`unknown journal "${journalId}" (one of ${JOURNALS.map((j) => j.id).join(', ')})`);
  const journal = getJournal(journalId);
  const dpi = num(p, 'dpi', (n) => n > 0, 'a positive DPI') ?? 600;
  const formatFlag = (str(p, 'format') ?? 'tiff').toLowerCase().replace(/^\./, '');
  const format = FORMAT_BY_EXT[`.${formatFlag}`];
  if (!format) throw new UsageError(`--format must be png, tif, jpg, pdf or svg (got "${formatFlag}")`);
  const { project, projectDir } = await openProject(file);
  const sizes = await sourceSizes(project, projectDir);
  const results: { figure: string; violations: Violation[] }[] = [];
  for (const fig of figuresOf(project, p.flags.has('figure') ? p : { ...p, flags: new Map([...p.flags, ['all-figures', true]]) })) {
    results.push({ figure: fig.name, violations: preflightFigure(fig, { journal, dpi, format, sourceSizes: sizes }) });
  }
  const count = results.reduce((n, r) => n + r.violations.length, 0);
  if (p.flags.has('json')) io.out(JSON.stringify({ journal: journal.id, dpi, format, ok: count === 0, figures: results }, null, 2));
  else {
    for (const r of results) {
      io.out(`${r.figure}: ${r.violations.length ? `${r.violations.length} problem(s)` : 'ok'}`);
      for (const v of r.violations) io.out(`  ${v.severity.toUpperCase()} ${v.message} — ${v.fix}`);
    }
  }
  return count ? 1 : 0;
}

async function cmdLegend(p: Parsed, io: CliIo): Promise<number> {
  const file = p.positional[0];
  if (!file) throw new UsageError('legend needs a project file (.medfig)');
  const { project, projectDir } = await openProject(file);
  const infoBySource = new Map<string, ImageInfo>();
  const sourceKinds = new Map<string, string>();
  for (const s of project.sources) {
    try {
      const info = (await images().open(resolveSourcePath(projectDir, s))).info;
      infoBySource.set(s.id, info);
      sourceKinds.set(s.id, info.modality ?? (s.kind === 'dicom' ? 'dicom' : 'photo'));
    } catch {
      sourceKinds.set(s.id, s.kind);
    }
  }
  for (const fig of figuresOf(project, p.flags.has('figure') ? p : { ...p, flags: new Map([...p.flags, ['all-figures', true]]) })) {
    io.out(`${fig.name}. ${writeLegend(fig, { sourceKinds, infoBySource })}`);
  }
  return 0;
}

export async function runCli(argv: string[], io: CliIo = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(HELP);
      return cmd ? 0 : 2;
    }
    const p = parseArgs(rest);
    if (cmd in ALLOWED) checkFlags(cmd, p);
    switch (cmd) {
      case 'info':
        return await cmdInfo(p, io);
      case 'render':
        return await cmdRender(p, io);
      case 'export':
        return await cmdExport(p, io);
      case 'preflight':
        return await cmdPreflight(p, io);
      case 'legend':
        return await cmdLegend(p, io);
      default:
        throw new UsageError(`unknown command "${cmd}" (info, render, export, preflight, legend; --help)`);
    }
  } catch (e) {
    io.err(`medfig: ${describe(e, rest[0]).replace(/\s*\n\s*/g, '; ')}`);
    return 2;
  } finally {
    await cache?.close();
    cache = null;
  }
}

function describe(e: unknown, file?: string): string {
  const name = file && !file.startsWith('-') ? `${basename(file)}: ` : '';
  if (e instanceof UsageError) return e.message;
  if (e instanceof ImageError) return `${name}${e.message}`;
  if (e instanceof DocumentError) return e.message.replace(/\n/g, ' ');
  const err = e as NodeJS.ErrnoException & { code?: string };
  if (err?.code === 'ENOENT') return `${name}file not found`;
  if (err?.code === 'EACCES' || err?.code === 'EPERM' || err?.code === 'EROFS') return `${name}permission denied (${err.path ?? ''})`;
  return `${name}${(err?.message ?? String(e)).split('\n')[0]}`;
}
