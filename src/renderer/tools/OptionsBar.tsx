// The strip at the top of the canvas: options of the active drawing tool (arrow ends, marker
// shape) and, for the selection, what only that kind of shape has (arrow ends, marker shape
// and angle, number), its measurement or area, z-order, duplicate and delete. Every change is
// a command, so it undoes.
import { labelFields, runsOf, toggleFormat, type FormatKey } from '../../shared/figure/rich-text';
import { useState, useSyncExternalStore, type JSX } from 'react';
import type { Annotation, Figure } from '../../shared/figure/schema';
import { deleteAnnotations, updateAnnotations } from '../editor/commands';
import { annotationActions } from '../editor/annotation-actions';
import { shapeArea } from '../editor/area';
import type { Rect } from '../editor/geometry';
import type { EditorStore } from '../editor/store';
import { measure } from '../../shared/calibration/measure';
import { toolOptions, type ToolOptions } from './options';
import type { Tool } from './types';
import { CROP_RATIOS, cropRatio, setCropRatio } from './crop';
import { infoOf } from '../imaging/panel-images';
import { panelTransform } from '../../shared/geometry/transform';
import { letterFor } from '../../shared/figure/letters';
import { ArrangeBar } from '../app/ArrangeBar';
import { referenceLine } from '../app/calibration-state';

interface Props {
  store: EditorStore;
  figure: Figure;
  selection: ReadonlySet<string>;
  tool: Tool;
  frameOf(panelId: string): Rect | null;
  newId(): string;
}

const HEADS: ToolOptions['arrowHead'][] = ['filled', 'open', 'none'];
const TAILS: ToolOptions['arrowTail'][] = ['none', 'dot'];
const MARKERS: ToolOptions['markerShape'][] = ['asterisk', 'star', 'arrowhead'];
const REDACTION_MODES: ToolOptions['redactionMode'][] = ['solid', 'blur'];
const PAGE_SHAPES: ToolOptions['pageShape'][] = ['line', 'bracket'];

function Pick<T extends string>(props: { label: string; value: T; options: readonly T[]; onChange(v: T): void; testId: string }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function OptionsBar({ store, figure, selection, tool, frameOf, newId }: Props) {
  const opts = useSyncExternalStore(toolOptions.subscribe, toolOptions.get);
  // The calibrate tool's hint changes once its line waits for a length.
  useSyncExternalStore(referenceLine.subscribe, referenceLine.get);
  const selected = figure.panels.flatMap((p) => p.annotations.filter((a) => selection.has(a.id)).map((a) => ({ panel: p, a })));
  const one = selected.length === 1 ? selected[0] : null;
  const change = (fn: (a: Annotation) => Annotation) => store.dispatch(updateAnnotations(figure.id, selection, fn));
  const act = annotationActions({ store, figure, selection, targetPanelId: one?.panel.id ?? null, frameOf, newId });
  const [ratio, setRatio] = useState(cropRatio);

  const items: JSX.Element[] = [];
  if (tool.id === 'arrow') {
    items.push(
      <Pick
        key="h"
        label="Head"
        value={opts.arrowHead}
        options={HEADS}
        onChange={(v) => toolOptions.set({ arrowHead: v })}
        testId="opt-arrow-head"
      />,
    );
    items.push(
      <Pick
        key="t"
        label="Tail"
        value={opts.arrowTail}
        options={TAILS}
        onChange={(v) => toolOptions.set({ arrowTail: v })}
        testId="opt-arrow-tail"
      />,
    );
  }
  if (tool.id === 'crop') {
    // Fixed ratios, or that of a panel as printed (to crop panels alike).
    const like = figure.panels.flatMap((p, i) => {
      const info = infoOf(p.sourceId);
      if (!info) return [];
      const t = panelTransform(p, info.width, info.height);
      return [
        {
          id: `like:${p.id}`,
          label: `Like panel ${letterFor(figure, i)} (${(t.viewWidth / t.viewHeight).toFixed(2)})`,
          ratio: t.viewWidth / t.viewHeight,
        },
      ];
    });
    items.push(
      <label key="cr">
        Ratio{' '}
        <select
          value={ratio}
          data-testid="opt-crop-ratio"
          onChange={(e) => {
            setCropRatio(e.target.value, like.find((l) => l.id === e.target.value)?.ratio);
            setRatio(cropRatio());
          }}
        >
          {[...CROP_RATIOS, ...like].map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </label>,
    );
  }
  if (tool.id === 'redaction')
    items.push(
      <Pick
        key="rm"
        label="Hide with"
        value={opts.redactionMode}
        options={REDACTION_MODES}
        onChange={(v) => toolOptions.set({ redactionMode: v })}
        testId="opt-redaction-mode"
      />,
    );
  if (tool.id === 'marker')
    items.push(
      <Pick
        key="m"
        label="Marker"
        value={opts.markerShape}
        options={MARKERS}
        onChange={(v) => toolOptions.set({ markerShape: v })}
        testId="opt-marker-shape"
      />,
    );

  if (tool.id === 'page')
    items.push(
      <Pick
        key="pg"
        label="Drag draws"
        value={opts.pageShape}
        options={PAGE_SHAPES}
        onChange={(v) => toolOptions.set({ pageShape: v })}
        testId="opt-page-shape"
      />,
    );

  if (tool.id === 'select' && selected.length) {
    const a = one?.a;
    if (a?.type === 'arrow') {
      items.push(
        <Pick
          key="sh"
          label="Head"
          value={a.head}
          options={HEADS}
          onChange={(v) => change((x) => ({ ...x, head: v }) as Annotation)}
          testId="sel-arrow-head"
        />,
      );
      items.push(
        <Pick
          key="st"
          label="Tail"
          value={a.tail === 'filled' ? 'dot' : a.tail}
          options={TAILS}
          onChange={(v) => change((x) => ({ ...x, tail: v }) as Annotation)}
          testId="sel-arrow-tail"
        />,
      );
    }
    if (a?.type === 'text' || a?.type === 'callout') {
      // Formats over the whole label (select words in the editor to format part of it).
      const runs = runsOf(a);
      const on = (k: FormatKey) => runs.every((r) => (k === 'italic' ? r.italic : k === 'bold' ? r.bold : r.script === k));
      const toggle = (k: FormatKey) =>
        change((x) => (x.type === 'text' || x.type === 'callout' ? { ...x, ...labelFields(toggleFormat(runsOf(x), k)) } : x));
      for (const [k, label, title] of [
        ['italic', 'I', 'Italic (whole label)'],
        ['bold', 'B', 'Bold (whole label)'],
        ['super', 'x²', 'Superscript (whole label)'],
        ['sub', 'x₂', 'Subscript (whole label)'],
      ] as const)
        items.push(
          <button key={`fmt-${k}`} title={title} aria-pressed={on(k)} data-testid={`sel-format-${k}`} onClick={() => toggle(k)}>
            {label}
          </button>,
        );
    }
    if (a?.type === 'redaction')
      items.push(
        <Pick
          key="rm"
          label="Hide with"
          value={a.mode ?? 'solid'}
          options={REDACTION_MODES}
          onChange={(v) => change((x) => (x.type === 'redaction' ? { ...x, mode: v } : x))}
          testId="sel-redaction-mode"
        />,
      );
    if (a?.type === 'marker') {
      items.push(
        <Pick
          key="ms"
          label="Marker"
          value={a.shape}
          options={MARKERS}
          onChange={(v) => change((x) => ({ ...x, shape: v }) as Annotation)}
          testId="sel-marker-shape"
        />,
      );
      items.push(
        <label key="mr">
          Angle°{' '}
          <input
            type="number"
            step={15}
            value={a.rotation}
            data-testid="sel-marker-rotation"
            onChange={(e) =>
              Number.isFinite(Number(e.target.value)) && change((x) => ({ ...x, rotation: Number(e.target.value) }) as Annotation)
            }
          />
        </label>,
      );
      items.push(
        <label key="mz">
          Size pt{' '}
          <input
            type="number"
            min={2}
            step={1}
            value={a.sizePt}
            onChange={(e) => Number(e.target.value) > 0 && change((x) => ({ ...x, sizePt: Number(e.target.value) }) as Annotation)}
          />
        </label>,
      );
    }
    if (a?.type === 'number') {
      items.push(
        <label key="n">
          Number{' '}
          <input
            type="number"
            min={0}
            step={1}
            value={a.n}
            data-testid="sel-number"
            onChange={(e) =>
              Number.isInteger(Number(e.target.value)) &&
              Number(e.target.value) >= 0 &&
              change((x) => ({ ...x, n: Number(e.target.value) }) as Annotation)
            }
          />
        </label>,
      );
    }
    if (a && one) {
      const m = measure(a, one.panel.calibration);
      const area = shapeArea(a, one.panel.calibration);
      const text = m ? `${m.label}${m.calibrated || m.kind === 'angle' ? '' : ' (uncalibrated)'}` : area ? `Area ${area.label}` : '';
      if (text)
        items.push(
          <span key="mv" className="readout" data-testid="sel-measure">
            {text}
          </span>,
        );
    }
    items.push(
      <span key="z" className="group" role="group" aria-label="Arrange">
        <button title="Bring to front (Shift+PageUp)" aria-label="Bring to front" onClick={act['arrange.front']}>
          ⤒
        </button>
        <button title="Bring forward (PageUp)" aria-label="Bring forward" onClick={act['arrange.forward']}>
          ↑
        </button>
        <button title="Send backward (PageDown)" aria-label="Send backward" onClick={act['arrange.backward']}>
          ↓
        </button>
        <button title="Send to back (Shift+PageDown)" aria-label="Send to back" onClick={act['arrange.back']}>
          ⤓
        </button>
      </span>,
    );
    items.push(
      <button key="d" title="Duplicate (Ctrl+D)" onClick={act['edit.duplicate']} data-testid="sel-duplicate">
        Duplicate
      </button>,
    );
    items.push(
      <button
        key="x"
        title="Delete (Delete)"
        onClick={() => {
          store.dispatch(deleteAnnotations(figure.id, selection));
          store.setUi({ selection: new Set() });
        }}
      >
        Delete
      </button>,
    );
  }
  if (tool.id === 'arrange') {
    items.push(<ArrangeBar key="arrange" />);
    items.push(
      <span key="hint" className="muted small">
        {tool.hint}
      </span>,
    );
  }
  if (!items.length && tool.hint)
    items.push(
      <span key="hint" className="muted">
        {tool.hint}
      </span>,
    );
  return (
    <div className="options-bar" data-testid="options-bar" onMouseDown={(e) => e.stopPropagation()}>
      <strong>{tool.label}</strong>
      {items}
    </div>
  );
}
