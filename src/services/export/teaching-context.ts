// What the teaching outputs (slides, cine, submission package) need to know about a figure's
// sources beyond the document: their headers (modality, file windows, size) for the legend and
// alt text, and the measured facts of each file (hash, size, type) for the provenance manifest.
import type { Figure, Project } from '../../shared/figure/schema';
import type { LegendContext } from '../../shared/figure/legend';
import type { ImageInfo } from '../../shared/imaging/types';
import type { ImageCache } from '../images/cache';

export interface SourceResolver {
  images: ImageCache;
  resolveSource(sourceId: string): string | null;
}

export interface OpenedSource {
  sha256: string;
  size: number;
  info: ImageInfo;
}

/** Headers of every source the figure uses (missing files are left out: the caller reports them). */
export async function openFigureSources(figure: Figure, r: SourceResolver): Promise<Map<string, OpenedSource>> {
  const out = new Map<string, OpenedSource>();
  for (const p of figure.panels) {
    if (out.has(p.sourceId)) continue;
    const path = r.resolveSource(p.sourceId);
    if (!path) continue;
    try {
      const e = await r.images.open(path);
      out.set(p.sourceId, { sha256: e.sha256, size: e.size, info: e.info });
    } catch {
      /* reported by the export that needs its pixels */
    }
  }
  return out;
}

/** Legend/alt-text context: the modality when the file names one, else the document's kind. */
export function legendContext(project: Project, opened: ReadonlyMap<string, OpenedSource>): LegendContext {
  const sourceKinds = new Map<string, string>();
  const infoBySource = new Map<string, ImageInfo>();
  for (const s of project.sources) {
    const o = opened.get(s.id);
    if (o) infoBySource.set(s.id, o.info);
    sourceKinds.set(s.id, o?.info.modality ?? s.kind);
  }
  return { sourceKinds, infoBySource };
}

/** "DICOM CT", "JPEG", "TIFF": what a file is, without anything that names it. */
export function sourceType(info: ImageInfo): string {
  if (info.format === 'dicom') return info.modality ? `DICOM ${info.modality}` : 'DICOM';
  return info.format.toUpperCase();
}
