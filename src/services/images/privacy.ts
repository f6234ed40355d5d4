// Privacy scan of one source image: identifying metadata, burned-in text risk, and telling file names.
// Exports never carry metadata (principle 5); this report is for the user, before the figure leaves.
import type { ImageInfo } from '../../shared/imaging/types';

export type PrivacyLevel = 'ok' | 'warning' | 'danger';
export type PrivacyFindingKind = 'dicom-phi' | 'burned-in' | 'burned-in-modality' | 'gps' | 'camera-serial' | 'exif-personal' | 'file-name';

export interface PrivacyFinding {
  kind: PrivacyFindingKind;
  field?: string;
  message: string;
  level: Exclude<PrivacyLevel, 'ok'>;
}

export interface PrivacyReport {
  level: PrivacyLevel;
  findings: PrivacyFinding[];
}

/** DICOM attributes that name the patient outright; other PHI (dates, institution…) is a warning. */
const DIRECT_IDENTIFIERS = new Set([
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'OtherPatientIDs',
  'OtherPatientNames',
  'OtherPatientIDsSequence',
  'PatientAddress',
  'PatientTelephoneNumbers',
  'PatientMotherBirthName',
  'MedicalRecordLocator',
  'PatientBirthName',
]);

/** Modalities whose pixels commonly carry burned-in text (ultrasound, secondary capture, endoscopy, photos). */
const TEXT_MODALITIES: Record<string, string> = {
  US: 'ultrasound',
  SC: 'secondary capture',
  ES: 'endoscopy',
  XC: 'external-camera photograph',
};

export function scanPrivacy(info: ImageInfo, fileName: string): PrivacyReport {
  const findings: PrivacyFinding[] = [];
  const add = (f: PrivacyFinding) => findings.push(f);

  for (const field of info.phi) {
    if (info.format === 'dicom') {
      const direct = DIRECT_IDENTIFIERS.has(field);
      add({
        kind: 'dicom-phi',
        field,
        level: direct ? 'danger' : 'warning',
        message: `DICOM attribute ${field} identifies the patient${direct ? '' : ' or the visit'}; it is removed on export`,
      });
    } else if (/^GPS/.test(field)) {
      add({ kind: 'gps', field, level: 'danger', message: `${field}: the photo records where it was taken; it is removed on export` });
    } else if (/serial/i.test(field)) {
      add({
        kind: 'camera-serial',
        field,
        level: 'warning',
        message: `${field}: a device serial number links the image to its owner; it is removed on export`,
      });
    } else {
      add({
        kind: 'exif-personal',
        field,
        level: 'warning',
        message: `${field} may identify a person, place or time; it is removed on export`,
      });
    }
  }

  if (info.burnedInAnnotation === true) {
    add({
      kind: 'burned-in',
      field: 'BurnedInAnnotation',
      level: 'danger',
      message: 'the file says text is burned into the pixels: redact it before export',
    });
  }
  const modality = info.modality?.toUpperCase() ?? null;
  if (modality && TEXT_MODALITIES[modality]) {
    const said = info.burnedInAnnotation === false ? ' (the header says NO, but such images often carry text anyway)' : '';
    add({
      kind: 'burned-in-modality',
      field: 'Modality',
      level: 'warning',
      message: `${TEXT_MODALITIES[modality]} (${modality}) images often have patient details burned into the pixels${said}; check the corners`,
    });
  } else if ((modality === 'CR' || modality === 'DX') && info.burnedInAnnotation !== false) {
    add({
      kind: 'burned-in-modality',
      field: 'Modality',
      level: 'warning',
      message: `radiographs (${modality}) may carry burned-in markers or names and the header does not rule it out; check the corners`,
    });
  }

  for (const message of fileNameFindings(fileName)) add({ kind: 'file-name', field: 'fileName', level: 'warning', message });

  const level: PrivacyLevel = findings.some((f) => f.level === 'danger') ? 'danger' : findings.length ? 'warning' : 'ok';
  return { level, findings };
}

// Camera and phone names ("IMG_20240315_142233", "PXL_…", "DSC_0001") carry a timestamp, not a patient.
const CAMERA_NAME = /^(IMG|PXL|VID|MVIMG|DSC[NF]?|DCIM|Screenshot|Screen Shot|Photo|PANO|P)[-_ ]?\d{8}[-_ ]?\d{6}/i;
const DATE =
  /(?<!\d)((19|20)\d\d[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])|(0[1-9]|[12]\d|3[01])[-_.](0[1-9]|1[0-2])[-_.](19|20)\d\d)(?!\d)/;
const LONG_NUMBER = /(?<!\d)\d{6,}(?!\d)/g;
const DICOM_PN = /[A-Za-z]+\^[A-Za-z]+/;
const TWO_NAMES = /(^|[^A-Za-z])[A-Z][a-z]+[_ ,.-]+[A-Z][a-z]+([^a-z]|$)|(^|[^A-Za-z])[A-Z]{2,}[_,][A-Z]{2,}([^A-Za-z]|$)/;

/** Why a file name might identify a patient (empty when it looks harmless). */
export function fileNameFindings(fileName: string): string[] {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  if (CAMERA_NAME.test(stem)) return [];
  const out: string[] = [];
  const date = DATE.exec(stem);
  const numbers = stem.replace(DATE, ' ').match(LONG_NUMBER) ?? [];
  if (DICOM_PN.test(stem)) out.push(`file name "${stem}" looks like a DICOM patient name (Family^Given)`);
  else if (TWO_NAMES.test(stem) && (date || numbers.length))
    out.push(`file name "${stem}" looks like a person's name with a date or number`);
  if (date) out.push(`file name contains a date (${date[0]}): a date of birth or visit identifies a patient`);
  for (const n of numbers) out.push(`file name contains a ${n.length}-digit number (${n}): it may be a record number or patient ID`);
  return out;
}

export interface RedactionBox {
  x: number;
  y: number;
  w: number;
  h: number;
  reason: string;
}

/**
 * OCR-free guess at burned-in text: bright marks much brighter than their dark surroundings, the size of
 * characters, lined up horizontally in rows of at least three, near a corner of the image (where
 * scanners and ultrasound machines print names, IDs and dates). A suggestion for the user to confirm.
 */
export function suggestRedactions(grey8: Uint8Array, width: number, height: number): RedactionBox[] {
  if (grey8.length !== width * height) throw new RangeError(`expected ${width * height} grey samples, got ${grey8.length}`);
  const mask = brightMarks(grey8, width, height);
  const glyphs = components(mask, width, height).filter((c) => {
    const h = c.y1 - c.y0 + 1,
      w = c.x1 - c.x0 + 1;
    return h >= 3 && h <= Math.max(8, height * 0.08) && w <= width * 0.3 && c.area >= 4;
  });
  if (glyphs.length > 20000) return []; // texture or noise, not text
  const lines = group(glyphs, (a, b) => {
    const ha = a.y1 - a.y0 + 1,
      hb = b.y1 - b.y0 + 1;
    const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) + 1;
    const gap = Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1);
    return overlap >= 0.5 * Math.min(ha, hb) && gap <= 1.5 * Math.max(ha, hb);
  }).filter((g) => g.members >= 3 && g.x1 - g.x0 >= 2 * (g.y1 - g.y0));
  const blocks = group(lines, (a, b) => {
    const lh = Math.max(a.y1 - a.y0, b.y1 - b.y0) + 1;
    const vgap = Math.max(a.y0, b.y0) - Math.min(a.y1, b.y1);
    const hover = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
    return vgap <= lh && hover > -lh;
  });
  const out: RedactionBox[] = [];
  for (const b of blocks) {
    const cx = (b.x0 + b.x1) / 2,
      cy = (b.y0 + b.y1) / 2;
    const side = cx < width * 0.4 ? 'left' : cx > width * 0.6 ? 'right' : null;
    const edge = cy < height * 0.25 ? 'top' : cy > height * 0.75 ? 'bottom' : null;
    if (!side || !edge) continue;
    const pad = Math.ceil((b.y1 - b.y0 + 1) * 0.3);
    const x = Math.max(0, b.x0 - pad),
      y = Math.max(0, b.y0 - pad);
    out.push({
      x,
      y,
      w: Math.min(width, b.x1 + pad + 1) - x,
      h: Math.min(height, b.y1 + pad + 1) - y,
      reason: `bright text-like marks (${b.members} in rows) in the ${edge}-${side} corner`,
    });
  }
  return out;
}

/** Pixels that are bright, well above a dark neighbourhood's mean (integral image, O(n)). */
function brightMarks(g: Uint8Array, W: number, H: number): Uint8Array {
  const r = Math.min(25, Math.max(4, Math.round(Math.min(W, H) / 50)));
  const S = new Float64Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++) {
    let row = 0;
    for (let x = 0; x < W; x++) {
      row += g[y * W + x];
      S[(y + 1) * (W + 1) + x + 1] = S[y * (W + 1) + x + 1] + row;
    }
  }
  const boxMean = (x: number, y: number, rad: number) => {
    const x0 = Math.max(0, x - rad),
      x1 = Math.min(W, x + rad + 1);
    const y0 = Math.max(0, y - rad),
      y1 = Math.min(H, y + rad + 1);
    return (S[y1 * (W + 1) + x1] - S[y0 * (W + 1) + x1] - S[y1 * (W + 1) + x0] + S[y0 * (W + 1) + x0]) / ((x1 - x0) * (y1 - y0));
  };
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = g[y * W + x];
      if (v < 150 || v - boxMean(x, y, r) < 40) continue;
      // Overlay text sits on a dark surround; bright gaps in tissue (histology glass) do not. The wider
      // window keeps the text's own strokes from lifting the background estimate.
      if (boxMean(x, y, 3 * r) <= 110) mask[y * W + x] = 1;
    }
  }
  return mask;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
  members: number;
}

/** 8-connected components of the mask, as bounding boxes. */
function components(mask: Uint8Array, W: number, H: number): Box[] {
  const seen = new Uint8Array(W * H);
  const stack: number[] = [];
  const out: Box[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const b: Box = { x0: W, y0: H, x1: -1, y1: -1, area: 0, members: 1 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % W,
        y = (p - x) / W;
      b.area++;
      if (x < b.x0) b.x0 = x;
      if (x > b.x1) b.x1 = x;
      if (y < b.y0) b.y0 = y;
      if (y > b.y1) b.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= H) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= W) continue;
          const q = ny * W + nx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    out.push(b);
  }
  return out;
}

/** Union boxes that `near` links (transitively); returns merged boxes with member counts. */
function group(boxes: Box[], near: (a: Box, b: Box) => boolean): Box[] {
  const parent = boxes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[a].x0 - boxes[b].x0);
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const a = boxes[order[i]],
        b = boxes[order[j]];
      if (b.x0 - a.x1 > 4 * Math.max(a.y1 - a.y0 + 1, b.y1 - b.y0 + 1, 8) && b.x0 > a.x1) {
        // Sorted by x0: later boxes start further right, but a wide box may still reach them; keep scanning only while plausible.
        if (b.x0 - a.x1 > 8 * Math.max(a.y1 - a.y0 + 1, 8)) break;
        continue;
      }
      if (near(a, b)) parent[find(order[i])] = find(order[j]);
    }
  }
  const merged = new Map<number, Box>();
  boxes.forEach((b, i) => {
    const root = find(i);
    const m = merged.get(root);
    if (!m) merged.set(root, { ...b });
    else {
      m.x0 = Math.min(m.x0, b.x0);
      m.y0 = Math.min(m.y0, b.y0);
      m.x1 = Math.max(m.x1, b.x1);
      m.y1 = Math.max(m.y1, b.y1);
      m.area += b.area;
      m.members += b.members;
    }
  });
  return [...merged.values()];
}
