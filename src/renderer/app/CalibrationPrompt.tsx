// The length prompt of a reference line: a small box next to the line's end on the canvas (where
// the user is looking), like the in-place label editor. The user types the real length, with or
// without a unit ("40", "40 µm", "0.04 mm"); the unit offered first fits the image. Enter applies,
// Escape cancels. Where the canvas is not there to hold it, it shows in the inspector instead,
// scrolled into view. Focus and selection are the input's from the start.
import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import { parseKnownLength } from '../../shared/calibration/reference-input';
import { formatNumber, type LengthUnit } from '../../shared/calibration/units';
import { CALIBRATE_HINTS } from '../tools/calibrate';

const UNITS: readonly LengthUnit[] = ['nm', 'µm', 'mm', 'cm'];
/** Gap between the line's end and the box, CSS px. */
const GAP = 14;

interface Props {
  /** The line's length in source px. */
  px: number;
  /** Where the line ends, CSS px in the canvas; null: show in the inspector. */
  anchor: { x: number; y: number } | null;
  /** The unit offered first (the prompt is mounted afresh for each line). */
  defaultUnit: LengthUnit;
  /** A line too short to calibrate from: said at once, instead of after typing. */
  problem: string | null;
  /** The pixel size a length would give ("0.1617 µm/px"), or null when it gives none. */
  resultOf(value: number, unit: LengthUnit): string | null;
  /** Applies the length: resolves to an error sentence, or null when done. */
  onApply(value: number, unit: LengthUnit): Promise<string | null>;
  onCancel(): void;
}

/** The canvas's overlay box (the in-place editor's parent), if the canvas is shown. */
function canvasOverlay(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-testid="canvas"] .canvas-stage');
}

export function CalibrationPrompt(props: Props) {
  const [text, setText] = useState('');
  const [unit, setUnit] = useState(props.defaultUnit);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const host = props.anchor ? canvasOverlay() : null;
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  const parsed = parseKnownLength(text, unit);
  const shownUnit = parsed.ok && parsed.unitTyped ? parsed.unit : unit;
  const result = parsed.ok ? props.resultOf(parsed.value, parsed.unit) : null;

  // Placed beside the line's end, kept inside the canvas (above the end when there is no room below).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (host && props.anchor) {
      const w = el.offsetWidth;
      const h = el.offsetHeight;
      const W = host.clientWidth;
      const H = host.clientHeight;
      const left = Math.max(4, Math.min(props.anchor.x + GAP, W - w - 4));
      const below = props.anchor.y + GAP;
      const top = below + h <= H - 4 ? below : Math.max(4, props.anchor.y - GAP - h);
      setPos({ left, top });
    } else el.scrollIntoView({ block: 'nearest' });
    input.current?.focus();
    input.current?.select();
  }, [host, props.anchor]);

  const apply = async () => {
    if (busy) return;
    if (props.problem) return setError(props.problem);
    if (!parsed.ok) return setError(parsed.error);
    setBusy(true);
    const e = await props.onApply(parsed.value, parsed.unit);
    setBusy(false);
    setError(e);
    if (e) input.current?.focus();
  };

  const style: CSSProperties = host
    ? {
        position: 'absolute',
        zIndex: 6,
        // First beside the line's end, then kept inside the canvas once measured (never hidden
        // meanwhile: a hidden input cannot take focus).
        left: pos?.left ?? (props.anchor?.x ?? 0) + GAP,
        top: pos?.top ?? (props.anchor?.y ?? 0) + GAP,
        // Its own width, not what is left right of the line's end: the clamp below moves it.
        width: 'max-content',
        maxWidth: 'calc(100% - 8px)',
        background: 'var(--panel, #1f2228)',
        border: '1px solid #ffd700',
        borderRadius: 4,
        padding: '0.4rem 0.5rem',
        boxShadow: '0 2px 10px rgba(0, 0, 0, 0.5)',
        display: 'flex',
        flexDirection: 'column',
        gap: '0.3rem',
      }
    : { display: 'flex', flexDirection: 'column', gap: '0.3rem', background: '#2a2f12', padding: '0.3rem', borderRadius: 4 };

  const prompt = (
    <div
      ref={box}
      role="dialog"
      aria-label="Length of the reference line"
      data-testid="reference-form"
      className="reference-prompt"
      style={style}
      // The canvas under the box must not start a gesture from a click in it.
      onMouseDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <div className="row" style={{ alignItems: 'center', gap: '0.3rem', flexWrap: 'nowrap' }}>
        <label htmlFor="reference-length" className="small" style={{ whiteSpace: 'nowrap' }}>
          Line of {formatNumber(props.px, 4)} px is
        </label>
        <input
          id="reference-length"
          ref={input}
          aria-label="Known length"
          data-testid="reference-length"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="length"
          value={text}
          aria-invalid={!!error}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              e.stopPropagation();
              void apply();
            }
          }}
          style={{ width: '6rem' }}
        />
        <select
          aria-label="Unit"
          data-testid="reference-unit"
          value={shownUnit}
          disabled={parsed.ok && parsed.unitTyped}
          title={parsed.ok && parsed.unitTyped ? 'The unit you typed' : 'Unit of the length'}
          onChange={(e) => setUnit(e.target.value as LengthUnit)}
        >
          {(UNITS.includes(shownUnit) ? UNITS : [...UNITS, shownUnit]).map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        <button className="primary" data-testid="reference-apply" disabled={busy} onClick={() => void apply()}>
          Apply
        </button>
        <button data-testid="reference-cancel" title="Drop the line (Esc)" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {error || props.problem ? (
        <p className="error small" role="alert" data-testid="reference-error" style={{ margin: 0, whiteSpace: 'normal' }}>
          {error ?? props.problem}
        </p>
      ) : (
        <p className="muted small" data-testid="reference-result" style={{ margin: 0 }}>
          {result ? `= ${result}. ` : ''}
          {CALIBRATE_HINTS.type}
        </p>
      )}
    </div>
  );
  return host ? createPortal(prompt, host) : prompt;
}
