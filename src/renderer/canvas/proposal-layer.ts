// Pixel de-identification proposals on the canvas: each text line OCR read and each face found,
// not yet redacted or dismissed, as a dashed box over its panel with its number, reading and
// confidence (identifying ones red, and first: the same order as the export check's list).
// Drawn on the controller's interactive layer only: they never reach the scene, so never an export.
// Which proposals show is pure (tested); drawing returns the hit areas the controller clicks on.
import Konva from 'konva';
import type { RedactionSuggestion } from '../../shared/api';
import type { Figure, Point } from '../../shared/figure/schema';
import type { FigureScene } from '../../scene/figure-scene';
import { pendingProposals, redactionRects } from '../app/privacy-check';
import type { ProposalState } from '../app/privacy-reports';
import { panelFrame } from '../tools/interactive-layer';

export interface ShownProposal {
  panelId: string;
  sourceId: string;
  frame: number;
  /** 1-based, in the export check's order (identifying first). */
  n: number;
  s: RedactionSuggestion;
}

export interface ProposalSources {
  stateOf(sourceId: string, frame: number): ProposalState | undefined;
  dismissed(sourceId: string, frame: number, s: RedactionSuggestion): boolean;
}

/** The proposals to draw: pending ones (not covered by a redaction, not dismissed) inside each panel's crop. */
export function shownProposals(
  figure: Figure,
  src: ProposalSources,
  crops: Map<string, { x: number; y: number; w: number; h: number }>,
): ShownProposal[] {
  const out: ShownProposal[] = [];
  for (const panel of figure.panels) {
    const st = src.stateOf(panel.sourceId, panel.frame);
    if (st?.status !== 'done') continue;
    const pending = pendingProposals(st.suggestions, redactionRects(panel), (s) => src.dismissed(panel.sourceId, panel.frame, s));
    const crop = crops.get(panel.id);
    pending.forEach((s, i) => {
      const b = s.box;
      // Cropped-away pixels never reach an export: nothing to decide there.
      if (crop && (b.x + b.w <= crop.x || b.y + b.h <= crop.y || b.x >= crop.x + crop.w || b.y >= crop.y + crop.h)) return;
      out.push({ panelId: panel.id, sourceId: panel.sourceId, frame: panel.frame, n: i + 1, s });
    });
  }
  return out;
}

/** Panels whose pixels are being read (a "Checking pixels…" note is drawn on them). */
export function readingPanels(figure: Figure, src: ProposalSources): string[] {
  return figure.panels.filter((p) => src.stateOf(p.sourceId, p.frame)?.status === 'reading').map((p) => p.id);
}

export function proposalLabel(p: ShownProposal): string {
  const what = p.s.kind === 'face' ? 'face' : `“${p.s.text ?? ''}”`;
  return `${p.n}. ${what} ${Math.round(p.s.confidence * 100)} %${p.s.identifier && p.s.kind !== 'face' ? ` · ${p.s.identifier}` : ''}`;
}

const IDENTIFYING = '#ff4d4f';
const PLAIN = '#ffb020';

/** Where a drawn proposal can be clicked, in page mm: the box (accept) and its label's × (dismiss). */
export interface ProposalHit {
  p: ShownProposal;
  box: { x: number; y: number; w: number; h: number };
  label: { x: number; y: number; w: number; h: number };
  close: { x: number; y: number; w: number; h: number };
}

const inside = (r: { x: number; y: number; w: number; h: number }, [x, y]: Point) =>
  x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;

/** The hit under a page point: the dismiss × first, then the smallest box or label containing it. */
export function proposalAt(hits: readonly ProposalHit[], at: Point): { hit: ProposalHit; dismiss: boolean } | null {
  const close = hits.find((h) => inside(h.close, at));
  if (close) return { hit: close, dismiss: true };
  const under = hits.filter((h) => inside(h.box, at) || inside(h.label, at));
  if (!under.length) return null;
  under.sort((a, b) => a.box.w * a.box.h - b.box.w * b.box.h);
  return { hit: under[0], dismiss: false };
}

/** Draws the proposals and the reading notes on the interactive layer (sizes in screen px at `zoom`). */
export function drawProposals(
  layer: Konva.Layer,
  scene: FigureScene,
  figure: Figure,
  shown: readonly ShownProposal[],
  reading: readonly string[],
  zoom: number,
  hovered: ShownProposal | null,
): ProposalHit[] {
  const px = 1 / zoom;
  const fontMm = 11 * px;
  const hits: ProposalHit[] = [];
  for (const panelId of reading) {
    const idx = figure.panels.findIndex((p) => p.id === panelId);
    const r = scene.layout.panels[idx];
    if (!r) continue;
    const t = new Konva.Text({
      x: r.xMm + 6 * px,
      y: r.yMm + 6 * px,
      text: 'Checking pixels…',
      fontSize: fontMm,
      fill: '#ffffff',
      padding: 3 * px,
    });
    layer.add(new Konva.Rect({ x: t.x(), y: t.y(), width: t.width(), height: t.height(), fill: 'rgba(0,0,0,0.7)', cornerRadius: 3 * px }));
    layer.add(t);
  }
  for (const p of shown) {
    const frame = panelFrame(scene, figure, p.panelId);
    const idx = figure.panels.findIndex((x) => x.id === p.panelId);
    const rect = scene.layout.panels[idx];
    if (!frame || !rect) continue;
    const b = p.s.box;
    const corners = (
      [
        [b.x, b.y],
        [b.x + b.w, b.y],
        [b.x + b.w, b.y + b.h],
        [b.x, b.y + b.h],
      ] as Point[]
    ).map(frame.toPage);
    // Within the panel on the page (a box may reach past the crop).
    const x0 = Math.max(rect.xMm, Math.min(...corners.map((c) => c[0])));
    const y0 = Math.max(rect.yMm, Math.min(...corners.map((c) => c[1])));
    const x1 = Math.min(rect.xMm + rect.wMm, Math.max(...corners.map((c) => c[0])));
    const y1 = Math.min(rect.yMm + rect.hMm, Math.max(...corners.map((c) => c[1])));
    const colour = p.s.identifier ? IDENTIFYING : PLAIN;
    const hot = !!hovered && hovered.panelId === p.panelId && hovered.s === p.s;
    const g = new Konva.Group({ name: 'proposal', listening: false });
    g.setAttr('proposal', `${p.panelId}:${p.n}`);
    g.add(
      new Konva.Rect({
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
        stroke: '#000000',
        strokeWidth: 3.5 * px,
        opacity: 0.5,
      }),
    );
    g.add(
      new Konva.Rect({
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
        stroke: colour,
        strokeWidth: (hot ? 2.5 : 1.5) * px,
        dash: [5 * px, 3 * px],
        fill: hot ? 'rgba(255,255,255,0.15)' : undefined,
      }),
    );
    const label = new Konva.Text({ text: proposalLabel(p), fontSize: fontMm, fill: '#ffffff', padding: 2 * px, fontStyle: 'bold' });
    const lh = label.height();
    const closeW = lh;
    // Above the box, or inside its top edge when there is no room above the panel's top.
    const ly = y0 - lh >= rect.yMm ? y0 - lh : y0;
    const lx = Math.min(x0, rect.xMm + rect.wMm - label.width() - closeW);
    label.position({ x: lx, y: ly });
    g.add(new Konva.Rect({ x: lx, y: ly, width: label.width() + closeW, height: lh, fill: colour, opacity: hot ? 1 : 0.85 }));
    g.add(label);
    const cx = lx + label.width();
    g.add(new Konva.Rect({ x: cx, y: ly, width: closeW, height: lh, fill: 'rgba(0,0,0,0.35)' }));
    g.add(
      new Konva.Text({
        x: cx,
        y: ly,
        width: closeW,
        height: lh,
        text: '×',
        align: 'center',
        verticalAlign: 'middle',
        fontSize: fontMm * 1.1,
        fill: '#ffffff',
      }),
    );
    layer.add(g);
    hits.push({
      p,
      box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 },
      label: { x: lx, y: ly, w: label.width(), h: lh },
      close: { x: cx, y: ly, w: closeW, h: lh },
    });
  }
  return hits;
}
