// Text and shapes on the page itself, outside the panels: column and row headers, lines, group
// brackets. Geometry in page millimetres (principle 3), sizes in points; drawn on the scene's
// own "page" layer above the panels, hidden with the labels in an unlabelled copy.
import { z } from 'zod';
import { Runs, plainText, type Run } from './rich-text';

const finite = z.number().finite();
const id = z.string().min(1).max(64);
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');
const mm = z.tuple([finite.min(-1000).max(3000), finite.min(-1000).max(3000)]);

export const PageStyle = z.object({
  color: colour.default('#000000'),
  fontPt: finite.min(1).max(200).default(9),
  strokePt: finite.min(0).max(72).default(1),
});
export type PageStyle = z.infer<typeof PageStyle>;
export const DEFAULT_PAGE_STYLE: PageStyle = { color: '#000000', fontPt: 9, strokePt: 1 };

const base = { id, style: PageStyle.default(DEFAULT_PAGE_STYLE) };

export const PageText = z
  .object({
    ...base,
    type: z.literal('text'),
    /** The anchor in page mm: the top of the text, at its left, centre or right per `align`. */
    at: mm,
    text: z.string().max(2000),
    runs: Runs.optional(),
    align: z.enum(['left', 'center', 'right']).default('center'),
    /** Degrees clockwise about the anchor (-90: a row header read bottom to top). */
    rotation: finite.default(0),
  })
  .refine((t) => !t.runs || plainText(t.runs) === t.text, { message: 'the runs do not spell the text', path: ['runs'] });

export const PageLine = z.object({ ...base, type: z.literal('line'), points: z.tuple([mm, mm]) });

/** A group bracket: a line with a tick at each end, on the side `tickMm`'s sign says (positive = left of the line's direction). */
export const PageBracket = z.object({
  ...base,
  type: z.literal('bracket'),
  points: z.tuple([mm, mm]),
  tickMm: finite.min(-50).max(50).default(1.5),
});

export const PageItem = z.discriminatedUnion('type', [PageText, PageLine, PageBracket]);
export type PageItem = z.infer<typeof PageItem>;
export type PageTextItem = Extract<PageItem, { type: 'text' }>;

/** A page item moved by (dx, dy) mm. */
export function movePageItem(item: PageItem, dx: number, dy: number): PageItem {
  if (item.type === 'text') return { ...item, at: [item.at[0] + dx, item.at[1] + dy] };
  return {
    ...item,
    points: [
      [item.points[0][0] + dx, item.points[0][1] + dy],
      [item.points[1][0] + dx, item.points[1][1] + dy],
    ],
  };
}

/** The bracket's three strokes (tick, spine, tick) as one polyline in page mm. */
export function bracketPolyline(b: Extract<PageItem, { type: 'bracket' }>): [number, number][] {
  const [[x0, y0], [x1, y1]] = b.points;
  const len = Math.hypot(x1 - x0, y1 - y0) || 1;
  // Left of the direction of travel (page y points down).
  const nx = (y1 - y0) / len;
  const ny = -(x1 - x0) / len;
  const t = b.tickMm;
  return [
    [x0 + nx * t, y0 + ny * t],
    [x0, y0],
    [x1, y1],
    [x1 + nx * t, y1 + ny * t],
  ];
}

/** A page text's plain words (alt text, search). */
export const pageTextOf = (items: readonly PageItem[]): string[] =>
  items.flatMap((i) => (i.type === 'text' && i.text.trim() ? [i.text.trim()] : []));

export type { Run };
