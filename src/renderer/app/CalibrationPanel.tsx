// Calibration, scale bar and measurements of the selected panel. Every physical length says
// where its pixel size came from (file spacing, microscope profile or a drawn reference line);
// without a calibration there is no scale bar, and the panel says how to get one.
import { useState } from 'react';
import type { Calibration, Figure, Panel } from '../../shared/figure/schema';
import { ScaleBar } from '../../shared/figure/schema';
import type { ImageInfo } from '../../shared/imaging/types';
import { calibrationFromSpacing, spacingWarnings } from '../../shared/calibration/spacing';
import {
  calibrationFromProfile,
  EXAMPLE_PROFILES,
  umPerPx,
  validateProfile,
  type MicroscopeProfile,
} from '../../shared/calibration/profiles';
import { calibrationFromReference, MIN_REFERENCE_PX } from '../../shared/calibration/reference';
import { defaultReferenceUnit, imageKind } from '../../shared/calibration/reference-input';
import { chooseScaleBar, UNCALIBRATED_MESSAGE } from '../../shared/calibration/scalebar';
import { measure, measurementsCsv } from '../../shared/calibration/measure';
import { formatNumber, type LengthUnit } from '../../shared/calibration/units';
import { CalibrationPrompt } from './CalibrationPrompt';
import { describeCalibration } from '../../shared/calibration/describe';
import { panelTransform } from '../../shared/geometry/transform';
import { updatePanel } from '../editor/commands';
import type { EditorStore } from '../editor/store';
import { appSettings, useSettings } from './SettingsApp';
import { pixelSize, referenceLine, replaceQuestion, usePendingReference } from './calibration-state';
import { useAsk } from '../documents/Ask';
import { letterFor } from '../../shared/figure/letters';

interface Props {
  store: EditorStore;
  figure: Figure;
  panel: Panel;
  info: ImageInfo | undefined;
}

export function CalibrationPanel({ store, figure, panel, info }: Props) {
  const set = (patch: Partial<Panel>) => store.dispatch(updatePanel(figure.id, panel.id, patch));
  const { ask, element: askElement } = useAsk();
  const panelName = `panel ${letterFor(figure, figure.panels.indexOf(panel))}`;
  /**
   * A profile or a drawn line replaces the calibration only after asking, when the current one
   * came from the file (DICOM, TIFF, ImageJ): both values are named. The change goes to this
   * panel, captured now — not to whichever panel is selected when the answer comes.
   */
  const replaceCalibration = async (next: Calibration, extra: Partial<Panel> = {}): Promise<boolean> => {
    const q = replaceQuestion(panelName, panel.calibration, next);
    if (q && (await ask(q)) !== 'replace') return false;
    store.dispatch(updatePanel(figure.id, panel.id, { calibration: next, ...extra }));
    return true;
  };
  const pending = usePendingReference();
  const [refError, setRefError] = useState<string | null>(null);
  // The user's profiles live in the one settings store (persisted in the user data folder).
  const settings = useSettings();
  const mineSaved = (settings.microscopeProfiles ?? []) as MicroscopeProfile[];
  const profiles: MicroscopeProfile[] = [...mineSaved, ...EXAMPLE_PROFILES.filter((e) => !mineSaved.some((p) => p.id === e.id))];
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ name: '', objective: '40', cameraPixelUm: '6.5', relay: '1' });
  const [copied, setCopied] = useState(false);

  const fileCal = info ? calibrationFromSpacing(info.pixelSpacing) : null;
  const warnings = info ? [...info.warnings, ...spacingWarnings(info.pixelSpacing)] : [];
  const cal = panel.calibration;
  const size = info ? { w: info.width, h: info.height } : null;
  const t = size ? panelTransform(panel, size.w, size.h) : null;
  const bar = panel.scaleBar;
  const choice =
    cal && bar && t
      ? chooseScaleBar(cal, t.viewWidth, { lengthMm: bar.lengthMm, targetFraction: bar.targetFraction, rotationDeg: panel.rotation })
      : null;
  const measures = panel.annotations.map((a) => ({ a, m: measure(a, cal) })).filter((x) => x.m);
  const pendingHere = pending && pending.panelId === panel.id ? pending : null;

  // The unit the prompt offers first fits the image (reference-input.ts), or is the one last
  // used for that kind of image.
  const kind = imageKind({ info, calibration: cal, caption: panel.caption });
  const referenceOf = (value: number, unit: LengthUnit) =>
    pendingHere
      ? calibrationFromReference(pendingHere.p1, pendingHere.p2, value, unit, {
          pixelAspect: fileCal ? fileCal.mmPerPxY / fileCal.mmPerPxX : 1,
        })
      : null;
  /** One command (one undo step): the calibration, and for a micrograph its scale bar. */
  const applyReference = async (value: number, unit: LengthUnit): Promise<string | null> => {
    const r = referenceOf(value, unit);
    if (!r) return null;
    if (!r.ok) return r.error;
    const extra: Partial<Panel> = kind === 'micrograph' && !panel.scaleBar ? { scaleBar: ScaleBar.parse({ lengthMm: null }) } : {};
    if (!(await replaceCalibration(r.calibration, extra))) return null;
    if (settings.referenceUnits?.[kind] !== unit) appSettings.update({ referenceUnits: { ...settings.referenceUnits, [kind]: unit } });
    referenceLine.set(null);
    store.setUi({ tool: 'select' });
    return null;
  };
  const pendingPx = pendingHere ? Math.hypot(pendingHere.p2[0] - pendingHere.p1[0], pendingHere.p2[1] - pendingHere.p1[1]) : 0;

  const saveProfile = () => {
    const p: MicroscopeProfile = {
      id: `user-${Date.now()}`,
      name: draft.name.trim() || `${draft.objective}× objective`,
      objective: Number(draft.objective),
      cameraPixelUm: Number(draft.cameraPixelUm),
      relay: Number(draft.relay),
    };
    const problems = validateProfile(p);
    if (problems.length) return setRefError(problems.join(' '));
    appSettings.update({ microscopeProfiles: [p, ...mineSaved] });
    setAdding(false);
    setRefError(null);
  };

  const setBar = (patch: Partial<ScaleBar>) => set({ scaleBar: { ...(bar ?? ScaleBar.parse({ lengthMm: null })), ...patch } });

  return (
    <section aria-label="Calibration and scale bar">
      <h2>
        Calibration{' '}
        <span className="muted small" data-testid="calibration-panel">
          · {panelName}
        </span>
      </h2>
      <p data-testid="calibration-source">{cal ? describeCalibration(cal) : 'Not calibrated'}</p>
      {warnings.map((w) => (
        <p key={w} className="warn small">
          {w}
        </p>
      ))}
      <div className="row">
        {fileCal && (
          <button
            onClick={() => set({ calibration: fileCal })}
            disabled={cal?.source === fileCal.source && cal.mmPerPxX === fileCal.mmPerPxX}
            title="Use the pixel size stored in the file"
          >
            From file
          </button>
        )}
        <button
          data-testid="calibrate-reference"
          onClick={() => {
            referenceLine.set(null);
            store.setUi({ tool: 'calibrate' });
          }}
          title="Drag along a ruler or a structure of known length (K)"
        >
          Reference line…
        </button>
        {cal && (
          <button onClick={() => set({ calibration: null, scaleBar: null })} title="Remove the calibration (and the scale bar)">
            Clear
          </button>
        )}
      </div>
      {pendingHere && (
        <CalibrationPrompt
          key={`${pendingHere.p1.join(',')}-${pendingHere.p2.join(',')}`}
          px={pendingPx}
          anchor={pendingHere.anchor ?? null}
          defaultUnit={defaultReferenceUnit(kind, settings.referenceUnits)}
          problem={
            pendingPx < MIN_REFERENCE_PX
              ? `This line is only ${formatNumber(pendingPx, 4)} px long; draw one over at least ${MIN_REFERENCE_PX} px (longer is more accurate).`
              : null
          }
          resultOf={(value, unit) => {
            const r = referenceOf(value, unit);
            return r?.ok ? pixelSize(r.calibration) : null;
          }}
          onApply={applyReference}
          onCancel={() => referenceLine.set(null)}
        />
      )}
      <label>
        <span className="small muted">Microscope profile</span>
        <select
          aria-label="Microscope profile"
          value=""
          onChange={(e) => {
            const p = profiles.find((x) => x.id === e.target.value);
            if (p)
              void replaceCalibration(calibrationFromProfile(p), {
                caption: { ...panel.caption, objective: panel.caption.objective || `${p.objective}×` },
                // A micrograph calibrated by its objective is shown with a scale bar (automatic
                // length); the checkbox below turns it off.
                scaleBar: panel.scaleBar ?? ScaleBar.parse({ lengthMm: null }),
              });
          }}
        >
          <option value="">Choose a profile…</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({formatNumber(umPerPx(p), 3)} µm/px){p.example ? ' — example, verify' : ''}
            </option>
          ))}
        </select>
      </label>
      {adding ? (
        <div className="profile-form">
          <input
            aria-label="Profile name"
            placeholder="Name (e.g. Olympus BX53, 40×)"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <div className="row">
            <label className="num">
              Objective ×
              <input type="number" value={draft.objective} onChange={(e) => setDraft({ ...draft, objective: e.target.value })} />
            </label>
            <label className="num">
              Camera px µm
              <input type="number" value={draft.cameraPixelUm} onChange={(e) => setDraft({ ...draft, cameraPixelUm: e.target.value })} />
            </label>
            <label className="num">
              Adapter ×
              <input type="number" value={draft.relay} onChange={(e) => setDraft({ ...draft, relay: e.target.value })} />
            </label>
          </div>
          <div className="row">
            <button className="primary" onClick={saveProfile}>
              Save profile
            </button>
            <button onClick={() => setAdding(false)}>Cancel</button>
          </div>
        </div>
      ) : (
        <button className="small" onClick={() => setAdding(true)}>
          New profile…
        </button>
      )}
      {refError && <p className="error small">{refError}</p>}

      <h2>Scale bar</h2>
      <label className="check">
        <input
          type="checkbox"
          data-testid="scalebar-toggle"
          checked={!!bar}
          disabled={!cal}
          title={cal ? '' : UNCALIBRATED_MESSAGE}
          onChange={(e) => set({ scaleBar: e.target.checked ? ScaleBar.parse({ lengthMm: null }) : null })}
        />{' '}
        Show scale bar
      </label>
      {!cal && <p className="muted small">{UNCALIBRATED_MESSAGE}</p>}
      {bar && cal && (
        <>
          <p className="small" data-testid="scalebar-length">
            {choice?.ok ? `${choice.label} (${bar.lengthMm === null ? 'automatic' : 'fixed'})` : choice?.error}
          </p>
          <div className="row">
            <label className="num">
              Length
              <select
                value={bar.lengthMm === null ? 'auto' : 'fixed'}
                onChange={(e) => setBar({ lengthMm: e.target.value === 'auto' ? null : choice?.ok ? choice.lengthMm : 1 })}
                data-testid="scalebar-mode"
              >
                <option value="auto">Auto</option>
                <option value="fixed">Fixed</option>
              </select>
            </label>
            {bar.lengthMm !== null && (
              <label className="num">
                µm
                <input
                  type="number"
                  min={0}
                  step="any"
                  value={Number((bar.lengthMm * 1000).toPrecision(6))}
                  onChange={(e) => Number(e.target.value) > 0 && setBar({ lengthMm: Number(e.target.value) / 1000 })}
                  data-testid="scalebar-um"
                />
              </label>
            )}
            <label className="num">
              Label
              <select value={bar.label} onChange={(e) => setBar({ label: e.target.value as ScaleBar['label'] })}>
                <option value="above">Above</option>
                <option value="below">Below</option>
                <option value="none">None (legend)</option>
              </select>
            </label>
            <label className="num">
              Corner
              <select value={bar.corner} onChange={(e) => setBar({ corner: e.target.value as ScaleBar['corner'] })}>
                <option value="bottom-right">Bottom right</option>
                <option value="bottom-left">Bottom left</option>
                <option value="top-right">Top right</option>
                <option value="top-left">Top left</option>
              </select>
            </label>
          </div>
          <div className="row">
            <label className="num">
              Thickness pt
              <input
                type="number"
                min={0.25}
                max={20}
                step={0.25}
                value={bar.thicknessPt}
                onChange={(e) => Number(e.target.value) >= 0.25 && setBar({ thicknessPt: Number(e.target.value) })}
              />
            </label>
            <label className="num">
              Label pt
              <input
                type="number"
                min={4}
                max={72}
                step={0.5}
                value={bar.fontPt}
                onChange={(e) => Number(e.target.value) >= 4 && setBar({ fontPt: Number(e.target.value) })}
              />
            </label>
            <label className="num">
              Margin mm
              <input
                type="number"
                min={0}
                max={50}
                step={0.5}
                value={bar.marginMm}
                onChange={(e) => Number(e.target.value) >= 0 && setBar({ marginMm: Number(e.target.value) })}
              />
            </label>
            <label className="num">
              Colour
              <select value={bar.color} onChange={(e) => setBar({ color: e.target.value })}>
                <option value="#ffffff">White</option>
                <option value="#000000">Black</option>
              </select>
            </label>
          </div>
          <label className="check">
            <input type="checkbox" checked={bar.halo} onChange={(e) => setBar({ halo: e.target.checked })} /> Contrast halo
          </label>
        </>
      )}

      {measures.length > 0 && (
        <>
          <h2>Measurements</h2>
          <table className="measures" data-testid="measurements">
            <tbody>
              {measures.map(({ a, m }, i) => (
                <tr key={a.id}>
                  <td>{i + 1}</td>
                  <td>{m!.kind}</td>
                  <td>{m!.label}</td>
                  <td className="muted">{m!.calibrated ? cal!.source : 'uncalibrated'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            onClick={() =>
              void navigator.clipboard
                .writeText(measurementsCsv(panel))
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            {copied ? 'Copied' : 'Copy as CSV'}
          </button>
        </>
      )}
      {askElement}
    </section>
  );
}
