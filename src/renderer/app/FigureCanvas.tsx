// The centre canvas: a thin React view over the canvas controller (src/renderer/canvas), which
// owns the Konva stage, the view, pointer mapping and tool dispatch. This component mounts the
// controller, hands it the document and UI state, and renders what floats over the stage: the
// in-place text box, the panel-drop hint, the minimap and the tool's options bar.
import { forwardRef, startTransition, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import type Konva from 'konva';
import type { Display, Figure, Point } from '../../shared/figure/schema';
import type { PanelImage } from '../../scene/figure-scene';
import type { EditorStore } from '../editor/store';
import { useDetailLayer } from '../imaging/detail-layer';
import { Minimap } from './Minimap';
import { RichTextEditor } from './RichTextEditor';
import type { Tool } from '../tools';
import { OptionsBar } from '../tools/OptionsBar';
import type { FigureLayout } from '../../shared/figure/layout';
import { CanvasController, type CanvasInputs, type TextEditRequest } from '../canvas/controller';
import { installTestHook } from '../canvas/test-hook';
import { afterNextPaint } from './after-paint';

export interface CanvasHandle {
  fit(): void;
  actual(): void;
  zoomBy(f: number): void;
  /** Selected annotations, else the given panel. */
  zoomToSelection(panelId: string | null): void;
  stage(): Konva.Stage | null;
  zoom(): number;
  /** A panel's visible frame (its crop) in source px. */
  frameOf(panelId: string): { x: number; y: number; w: number; h: number } | null;
  /** Live display preview of a panel (a slider drag), null = the document's. */
  previewDisplay(panelId: string, display: Display | null): void;
  /** The figure's layout as shown (page mm). */
  layout(): FigureLayout | null;
}

interface Props extends Omit<CanvasInputs, 'store'> {
  store: EditorStore;
  figure: Figure;
  images: Map<string, PanelImage>;
  tool: Tool;
  onCursor(info: { panelId: string | null; source: Point | null }): void;
  /** The zoom label's value (percent, see canvas/viewport.ts), whenever it changes. */
  onZoom(percent: number): void;
}

export const FigureCanvas = forwardRef<CanvasHandle, Props>(function FigureCanvas(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage | null>(null);
  const [ctrl, setCtrl] = useState<CanvasController | null>(null);
  const [edit, setEdit] = useState<TextEditRequest | null>(null);
  const [dropHint, setDropHint] = useState<string | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;

  // The controller lives as long as the component.
  useLayoutEffect(() => {
    const c = new CanvasController(host.current!, {
      onCursor: (info) => propsRef.current.onCursor(info),
      onTextEdit: setEdit,
      onDropHint: setDropHint,
    });
    stageRef.current = c.stage;
    setCtrl(c);
    const unhook = import.meta.env.MODE === 'test' ? installTestHook(propsRef.current.store, c) : null;
    return () => {
      unhook?.();
      c.destroy();
      stageRef.current = null;
    };
  }, []);

  // Every render hands the controller the current state; it updates only what changed.
  const { store, figure, images, sizes, missing, showLabels, selection, pageSelection, tool, toolContext, activePanelId } = props;
  useLayoutEffect(() => {
    ctrl?.setInputs({ store, figure, images, sizes, missing, showLabels, selection, pageSelection, tool, toolContext, activePanelId });
  }, [ctrl, store, figure, images, sizes, missing, showLabels, selection, pageSelection, tool, toolContext, activePanelId]);

  // The view's version: bumps on every zoom/pan/scene change; the minimap, deep zoom and zoom
  // label follow it once the canvas has painted the change, as a transition (a store read during
  // render, React's useSyncExternalStore, would restart every view render it interleaves with,
  // synchronously).
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!ctrl) return;
    let pending = false;
    let alive = true;
    const bump = () => {
      if (pending) return;
      pending = true;
      afterNextPaint(() => {
        pending = false;
        if (alive) startTransition(() => setVersion(ctrl.getVersion()));
      });
    };
    bump();
    const unsubscribe = ctrl.subscribe(bump);
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [ctrl]);
  const zoomPct = ctrl ? Math.round(ctrl.zoomPercent()) : 100;
  useEffect(() => propsRef.current.onZoom(zoomPct), [zoomPct]);

  // Deep zoom: full-resolution pixels of the visible part of large rasters.
  useDetailLayer({ stageRef, figure, deps: [version, ctrl] });

  useImperativeHandle(
    ref,
    () => ({
      fit: () => ctrl?.fit(),
      actual: () => ctrl?.actual(),
      zoomBy: (f) => ctrl?.zoomBy(f),
      zoomToSelection: (id) => ctrl?.zoomToSelection(id),
      stage: () => ctrl?.stage ?? null,
      zoom: () => ctrl?.view().zoom ?? 1,
      frameOf: (id) => ctrl?.frameOf(id) ?? null,
      layout: () => ctrl?.layout() ?? null,
      previewDisplay: (id, d) => ctrl?.previewDisplay(id, d),
    }),
    [ctrl],
  );

  return (
    <div className="canvas-host" data-testid="canvas" style={{ cursor: tool.cursor }}>
      <div className="canvas-stage">
        {/* Konva empties its container: the stage gets a div of its own, the overlays are siblings. */}
        <div ref={host} style={{ position: 'absolute', inset: 0 }} />
        {dropHint && (
          <div className="canvas-drop-hint" role="status" data-testid="canvas-drop-hint">
            {dropHint}
          </div>
        )}
        {edit && (
          <RichTextEditor
            initial={edit.initial}
            plain={edit.plain}
            left={edit.screen.x}
            top={edit.screen.y}
            fontPx={edit.fontPx}
            onDone={(runs) => ctrl?.finishTextEdit(runs)}
          />
        )}
        <Minimap stageRef={stageRef} figure={figure} images={images} view={version} onPanBy={(dx, dy) => ctrl?.panBy(dx, dy)} />
      </div>
      <OptionsBar
        store={store}
        figure={figure}
        selection={selection}
        tool={tool}
        frameOf={(id) => ctrl?.frameOf(id) ?? null}
        newId={toolContext.newId}
      />
    </div>
  );
});
