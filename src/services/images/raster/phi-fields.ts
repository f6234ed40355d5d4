// Which identifying EXIF/XMP/IPTC fields a raster carries, read with exifr.
// Only names are reported (never values): the privacy scan and the inspector need to know *that*
// a GPS position or a serial number is there, and exports drop all of it anyway.
import * as exifrModule from 'exifr';

// exifr ships UMD for Node's `require` and ESM (named exports only) for bundlers; accept both shapes.
type ExifrApi = { parse: (data: Uint8Array, options: object) => Promise<Record<string, unknown> | undefined> };
const exifr: ExifrApi = (exifrModule as unknown as { parse?: unknown }).parse
  ? (exifrModule as unknown as ExifrApi)
  : (exifrModule as unknown as { default: ExifrApi }).default;

const PERSONAL = new Set(
  [
    // EXIF / TIFF
    'Artist',
    'OwnerName',
    'CameraOwnerName',
    'Copyright',
    'ImageUniqueID',
    'DateTimeOriginal',
    'UserComment',
    'XPAuthor',
    'XPComment',
    'XPSubject',
    'XPKeywords',
    'HostComputer',
    'SerialNumber',
    'BodySerialNumber',
    'LensSerialNumber',
    'CameraSerialNumber',
    'InternalSerialNumber',
    // XMP (dc, xmpRights, photoshop, Iptc4xmpCore/Ext, mwg-rs) and IPTC IIM, as exifr names them
    'creator',
    'rights',
    'Owner',
    'AuthorsPosition',
    'CaptionWriter',
    'Credit',
    'City',
    'State',
    'Country',
    'CreatorContactInfo',
    'PersonInImage',
    'PersonInImageName',
    'RegionList',
    'Regions',
    'Byline',
    'BylineTitle',
    'CopyrightNotice',
    'Contact',
    'Sublocation',
    'Writer',
    'Location',
    'CountryCode',
  ].map((k) => k.toLowerCase()),
);

const TIMEOUT_MS = 3000;

export interface PhiScan {
  phi: string[];
  warnings: string[];
  /** The EXIF Orientation as exifr read it (null when absent). */
  orientation: number | null;
}

/**
 * `bytes` is a whole JPEG/PNG/TIFF file, or a bare TIFF-structured EXIF block (what sharp returns
 * for WebP and GIF, formats exifr cannot open itself).
 */
export async function scanPhiFields(bytes: Uint8Array): Promise<PhiScan> {
  const options = {
    tiff: true,
    ifd0: true,
    exif: true,
    gps: true,
    interop: false,
    ifd1: false,
    xmp: true,
    iptc: true,
    icc: false,
    jfif: false,
    ihdr: false,
    makerNote: false,
    userComment: true,
    mergeOutput: false,
    translateKeys: true,
    translateValues: false,
    reviveValues: false,
    sanitize: true,
    silentErrors: true,
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    // exifr guards IFD loops itself; the timeout is a second fence against a hostile file.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`metadata reading took over ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    const out = await Promise.race([exifr.parse(bytes, options), timeout]);
    return collect(out ?? {});
  } catch {
    return {
      phi: [],
      warnings: ['EXIF/XMP/IPTC metadata could not be read (the block is damaged): identifying fields are not checked'],
      orientation: null,
    };
  } finally {
    clearTimeout(timer);
  }
}

function collect(blocks: Record<string, unknown>): PhiScan {
  const found = new Set<string>();
  const warnings: string[] = [];
  let orientation: number | null = null;
  for (const [block, value] of Object.entries(blocks)) {
    if (block === 'errors') {
      if (Array.isArray(value) && value.length) warnings.push(`damaged metadata skipped: ${value.map(String).join('; ')}`);
      continue;
    }
    if (block === 'userComment') {
      if (value instanceof Uint8Array && userCommentHasText(value)) found.add('UserComment');
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Orientation' && block === 'ifd0' && typeof v === 'number') orientation = v;
      if (!hasContent(v)) continue;
      if (/^GPS/.test(key) && key !== 'GPSVersionID') found.add(key);
      else if (PERSONAL.has(key.toLowerCase()))
        found.add(key === 'UserComment' && v instanceof Uint8Array && !userCommentHasText(v) ? '' : key);
    }
  }
  found.delete('');
  return { phi: [...found], warnings, orientation };
}

function hasContent(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.replace(/[\s\0]/g, '').length > 0;
  if (v instanceof Uint8Array) return v.some((c) => c !== 0 && c !== 32);
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** EXIF UserComment: 8 bytes of character code, then the text; blank padding is common and not PHI. */
function userCommentHasText(v: Uint8Array): boolean {
  return v.subarray(8).some((c) => c !== 0 && c !== 32);
}
