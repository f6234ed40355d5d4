// Builds resources/sample-case/: the calcinosis-cutis case report's four figures from
// redistributable images, annotated and ready to export. Run: node --import tsx scripts/make-sample-case.ts
// Images: a synthetic clinical photograph and a synthetic radiograph (made here, MIT like the
// project), the GE CT slice from cornerstone-wado-image-loader (MIT) and the skimage IHC
// micrograph (BSD-3-Clause). Sources are referenced relatively so the folder can be moved.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { z } from 'zod';
import { writeDicom, greyModule, type El } from '../tests/fixtures/dicom/reference';
import { addSource } from '../src/services/documents';
import { saveProject } from '../src/services/documents';
import { Figure, FORMAT_VERSION, Panel, Project, ScaleBar, DEFAULT_STYLE, type Annotation, type Style } from '../src/shared/figure/schema';
import { calibrationFromProfile, EXAMPLE_PROFILES } from '../src/shared/calibration/profiles';
import { rowsFor } from '../src/shared/figure/layout';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'resources/sample-case');
const img = join(out, 'images');
mkdirSync(img, { recursive: true });

/** Deterministic pseudo-random numbers so the images are the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

// Figure 1: a clinical photograph of firm whitish nodules on the buttock skin (synthetic).
const NODULES: [number, number, number][] = [
  [520, 430, 34],
  [610, 520, 22],
  [760, 470, 40],
  [880, 610, 26],
  [1010, 540, 30],
  [690, 690, 20],
  [1120, 720, 24],
];
async function makePhoto(): Promise<void> {
  const w = 1600;
  const h = 1200;
  const nodules = NODULES.map(
    ([x, y, r]) => `
    <ellipse cx="${x + r * 0.25}" cy="${y + r * 0.35}" rx="${r * 1.5}" ry="${r * 1.2}" fill="#b5786a" opacity="0.45"/>
    <ellipse cx="${x}" cy="${y}" rx="${r}" ry="${r * 0.85}" fill="url(#nod)"/>
    <ellipse cx="${x - r * 0.3}" cy="${y - r * 0.3}" rx="${r * 0.3}" ry="${r * 0.2}" fill="#fffdf6" opacity="0.8"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs>
      <radialGradient id="skin" cx="45%" cy="40%" r="75%"><stop offset="0" stop-color="#e6b79f"/><stop offset="0.7" stop-color="#cf9880"/><stop offset="1" stop-color="#8f5f4c"/></radialGradient>
      <radialGradient id="nod" cx="40%" cy="35%" r="70%"><stop offset="0" stop-color="#fbf4e2"/><stop offset="0.6" stop-color="#eddcc0"/><stop offset="1" stop-color="#c9a58c"/></radialGradient>
      <filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="3"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.08"/></feComponentTransfer><feComposite in2="SourceGraphic" operator="in"/></filter>
    </defs>
    <rect width="${w}" height="${h}" fill="#3b3f46"/>
    <path d="M 60 1200 C 80 500 400 120 820 110 C 1250 100 1540 480 1560 1200 Z" fill="url(#skin)"/>
    <path d="M 820 300 C 830 600 815 900 800 1200" stroke="#9a6554" stroke-width="10" fill="none" opacity="0.5"/>
    ${nodules}
    <rect width="${w}" height="${h}" filter="url(#grain)"/>
  </svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toFile(join(img, 'clinical-photo.jpg'));
}

// Figure 2: an AP radiograph of the pelvis and thighs with soft-tissue calcification (synthetic CR).
const CALCS: [number, number][] = [];
async function makeRadiograph(): Promise<void> {
  const W = 1024;
  const H = 768;
  const rand = rng(7);
  const px = new Uint16Array(W * H);
  const thighs = [
    { cx: 330, w: 210 },
    { cx: 694, w: 210 },
  ];
  for (let i = 0; i < 140; i++) {
    // Calcific deposits in the subcutaneous fat, mostly at the buttocks and outer thighs.
    const t = thighs[i % 2];
    const side = rand() < 0.5 ? -1 : 1;
    const x = t.cx + side * (t.w * (0.65 + rand() * 0.3));
    const y = 60 + rand() * (H - 120);
    CALCS.push([x, y]);
  }
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let att = 0;
      for (const t of thighs) {
        const d = Math.abs(x - t.cx) / t.w;
        if (d < 1) att += Math.sqrt(1 - d * d) * 900; // soft tissue thickness
        const bone = Math.abs(x - t.cx + 10) / 38;
        if (bone < 1 && y > 140) att += Math.sqrt(1 - bone * bone) * (bone > 0.7 ? 1500 : 900); // femoral shaft, cortex brighter
      }
      if (y < 180) {
        // pelvis: a broad iliac band across the top
        const d = Math.abs(y - 90) / 70;
        if (d < 1 && x > 140 && x < 884) att += Math.sqrt(1 - d * d) * 700;
      }
      px[y * W + x] = Math.min(4095, Math.max(0, 200 + att + (rand() - 0.5) * 60));
    }
  }
  for (const [cx, cy] of CALCS) {
    const r = 2 + rand() * 5;
    for (let y = Math.floor(cy - r); y <= cy + r; y++)
      for (let x = Math.floor(cx - r); x <= cx + r; x++) {
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        const d = Math.hypot(x - cx, y - cy) / r;
        if (d < 1) px[y * W + x] = Math.min(4095, px[y * W + x] + 1400 * (1 - d * d));
      }
  }
  const els: El[] = [
    ...greyModule({ rows: H, cols: W, ba: 16, bs: 12, pr: 0 }).filter((e) => e.tag !== 0x00080060),
    { tag: 0x00080060, vr: 'CS', value: 'CR' },
    { tag: 0x00080008, vr: 'CS', value: 'DERIVED\\SECONDARY' },
    { tag: 0x00181164, vr: 'DS', value: '0.3\\0.3' }, // ImagerPixelSpacing: detector plane
    { tag: 0x00181114, vr: 'DS', value: '1.1' }, // EstimatedRadiographicMagnificationFactor
    { tag: 0x00280301, vr: 'CS', value: 'NO' }, // BurnedInAnnotation
    { tag: 0x00281050, vr: 'DS', value: '1600' },
    { tag: 0x00281051, vr: 'DS', value: '3000' },
    { tag: 0x00080070, vr: 'LO', value: 'Medfig synthetic phantom' },
    { tag: 0x7fe00010, vr: 'OW', value: px },
  ];
  writeFileSync(join(img, 'radiograph-pelvis-thighs.dcm'), writeDicom(els));
}

const style = (patch: Partial<Style> = {}): Style => ({ ...DEFAULT_STYLE, ...patch });
let n = 0;
const aid = () => `a${++n}`;
const arrow = (to: [number, number], from: [number, number], s: Style = style()): Annotation => ({
  id: aid(),
  type: 'arrow',
  layer: 'labels',
  style: s,
  points: [from, to],
  head: 'filled',
  tail: 'none',
});
const asterisk = (at: [number, number]): Annotation => ({
  id: aid(),
  type: 'marker',
  layer: 'labels',
  style: style({ color: '#ffffff' }),
  at,
  shape: 'asterisk',
  sizePt: 9,
  rotation: 0,
});

function panel(id: string, sourceId: string, patch: Partial<z.input<typeof Panel>> = {}): Panel {
  return Panel.parse({ id, sourceId, ...patch });
}

function figure(id: string, name: string, title: string, widthMm: number, panels: Panel[], letters = true): Figure {
  return Figure.parse({
    id,
    name,
    title,
    page: { widthMm, journal: 'custom', gutterMm: 2, marginMm: 0 },
    rows: rowsFor(panels.length),
    panels,
    letters: { enabled: letters },
  });
}

// The authored legend: each figure's title (the panels' facts are in their captions).
const TITLES = [
  'Calcinosis cutis in systemic lupus erythematosus: clinical appearance',
  'Soft-tissue calcification on radiography',
  'Subcutaneous calcification on CT',
  'Histopathology of the skin biopsy',
  'Calcinosis cutis in systemic lupus erythematosus',
];

async function main(): Promise<void> {
  await makePhoto();
  await makeRadiograph();
  copyFileSync(join(root, 'tests/fixtures/dicom/ct/ct_chest_ge_implicit_le.dcm'), join(img, 'ct-slice.dcm'));
  copyFileSync(join(root, 'tests/fixtures/images/histology/ihc.png'), join(img, 'skin-biopsy-micrograph.png'));

  const photo = await addSource(out, join(img, 'clinical-photo.jpg'), 'src-photo');
  const xray = await addSource(out, join(img, 'radiograph-pelvis-thighs.dcm'), 'src-radiograph');
  const ct = await addSource(out, join(img, 'ct-slice.dcm'), 'src-ct');
  const micro = await addSource(out, join(img, 'skin-biopsy-micrograph.png'), 'src-micrograph');

  const photoPanel = (id: string) =>
    panel(id, photo.id, {
      crop: { x: 300, y: 220, w: 1000, h: 700 },
      annotations: NODULES.slice(0, 5).map(([x, y, r]) => asterisk([x + r + 18, y - r - 10])),
      caption: {
        description: 'Clinical photograph of the buttock',
        finding: 'firm, whitish subcutaneous nodules, some coalescing into plaques',
        markers: { asterisks: 'calcified nodules' },
      },
    });
  const xrayPanel = (id: string) => {
    const pick = [CALCS[3], CALCS[10], CALCS[17]];
    return panel(id, xray.id, {
      display: { window: { center: 1600, width: 3000 } },
      calibration: { source: 'ImagerPixelSpacing', mmPerPxX: 0.3, mmPerPxY: 0.3, note: 'detector plane' },
      annotations: pick.map(([x, y]) => arrow([x, y], [x + (x < 512 ? -70 : 70), y - 50])),
      caption: {
        description: 'Anteroposterior radiograph of the pelvis and thighs',
        finding: 'nodular and sheet-like calcification in the subcutaneous soft tissue of the buttocks and thighs',
        markers: { arrows: 'subcutaneous calcific deposits' },
      },
    });
  };
  const ctPanel = (id: string) =>
    panel(id, ct.id, {
      display: { window: { center: 40, width: 400 } },
      calibration: { source: 'PixelSpacing', mmPerPxX: 0.675781, mmPerPxY: 0.675781, note: 'patient plane' },
      annotations: [arrow([118, 250], [70, 200]), arrow([400, 262], [450, 210])],
      caption: {
        description: 'Axial CT',
        finding: 'calcification confined to the subcutaneous fat, without visceral involvement',
        markers: { arrows: 'subcutaneous calcifications' },
      },
    });
  const profile = EXAMPLE_PROFILES.find((p) => p.objective === 40)!;
  const microPanel = (id: string) =>
    panel(id, micro.id, {
      calibration: calibrationFromProfile(profile),
      scaleBar: ScaleBar.parse({ lengthMm: null }),
      annotations: [arrow([300, 300], [380, 240], style({ color: '#000000', haloColor: '#ffffff' }))],
      caption: {
        stain: 'H&E',
        objective: '40×',
        description: 'Skin biopsy',
        finding: 'basophilic calcium deposits in the deep dermis and subcutis',
        markers: { arrows: 'a calcium deposit' },
      },
    });

  const project = Project.parse({
    formatVersion: FORMAT_VERSION,
    app: 'medfig',
    sources: [photo, xray, ct, micro],
    figures: [
      figure('fig-1', 'Figure 1 — Clinical photograph', TITLES[0], 89, [photoPanel('p1')], false),
      figure('fig-2', 'Figure 2 — Radiograph', TITLES[1], 89, [xrayPanel('p2')], false),
      figure('fig-3', 'Figure 3 — CT', TITLES[2], 89, [ctPanel('p3')], false),
      figure('fig-4', 'Figure 4 — Skin biopsy', TITLES[3], 89, [microPanel('p4')], false),
      figure('fig-5', 'Figure 5 — Composite A–D', TITLES[4], 183, [photoPanel('p5a'), xrayPanel('p5b'), ctPanel('p5c'), microPanel('p5d')]),
    ],
  });
  // Two rows of two for the composite.
  project.figures[4].rows = [2, 2];
  await saveProject(join(out, 'calcinosis-cutis-sle.medfig'), project);
  writeFileSync(
    join(out, 'SOURCES.md'),
    `# Sample case: calcinosis cutis in systemic lupus erythematosus

A Medfig project that rebuilds the case report's four figures (plus a lettered A–D composite)
from redistributable images. Paths in \`calcinosis-cutis-sle.medfig\` are relative, so the folder
can be moved. Made by \`scripts/make-sample-case.ts\`.

| file | what | source | licence |
| --- | --- | --- | --- |
| images/clinical-photo.jpg | clinical photograph of nodules on the buttock skin | synthetic, drawn by scripts/make-sample-case.ts (no patient) | MIT (this project) |
| images/radiograph-pelvis-thighs.dcm | CR radiograph of the pelvis and thighs with soft-tissue calcification (ImagerPixelSpacing 0.3 mm, detector plane) | synthetic phantom, scripts/make-sample-case.ts | MIT (this project) |
| images/ct-slice.dcm | axial CT slice (GE, "MISTER^CT" test phantom), shown with a soft-tissue window 40/400 | npm cornerstone-wado-image-loader@2.0.0, testImages/CTImage.dcm | MIT |
| images/skin-biopsy-micrograph.png | micrograph (an IHC image standing in for the H&E biopsy), calibrated with the example 40× profile | Debian python3-skimage 0.19.3, skimage/data/ihc.png | BSD-3-Clause |

The CT file carries the test phantom's PatientName/PatientID: the privacy scan flags it, and no
export carries it.
`,
  );
  console.log(`wrote ${out}`);
}

await main();
