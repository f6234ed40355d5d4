// "Fit figure to W × H mm" as a command: the page size and the crops fit-size.ts chose, in one
// undo step.
import type { Project } from '../../shared/figure/schema';
import { fitFigureToSize, type FitOptions, type FitResult } from '../../shared/figure/fit-size';
import type { Command } from './commands';

export type SourceSizes = ReadonlyMap<string, { width: number; height: number }>;

/** What fitting would do to a figure (the dialog previews the band it leaves). */
export function planFit(
  p: Project,
  figureId: string,
  sizes: SourceSizes,
  widthMm: number,
  heightMm: number,
  opts: FitOptions = {},
): FitResult | null {
  const f = p.figures.find((x) => x.id === figureId);
  if (!f || !f.panels.length) return null;
  const s = f.panels.map((x) => sizes.get(x.sourceId) ?? { width: 1, height: 1 });
  return fitFigureToSize(f, s, { widthMm, heightMm }, opts);
}

export const fitFigure =
  (figureId: string, sizes: SourceSizes, widthMm: number, heightMm: number, opts: FitOptions = {}): Command =>
  (p) => {
    const plan = planFit(p, figureId, sizes, widthMm, heightMm, opts);
    if (!plan) return p;
    return {
      ...p,
      figures: p.figures.map((f) =>
        f.id !== figureId
          ? f
          : {
              ...f,
              page: { ...f.page, widthMm, heightMm },
              panels: f.panels.map((x, i) => {
                const crop = plan.crops[i];
                const place = plan.places ? plan.places[i] : x.place;
                return crop === x.crop && place === x.place ? x : { ...x, crop, place };
              }),
            },
      ),
    };
  };
