// Store a figure back into its study: the study's Patient/Study modules read from the server
// (WADO-RS metadata of one of its instances), a new Secondary Capture built with dcmjs, STOW-RS.
import { PacsError } from './errors';
import type { DicomWebClient } from './client';
import { buildSecondaryCapture, readFigureImage, type ScResult } from './secondary-capture';
import { checkUid } from './uid';

export async function storeFigure(
  client: DicomWebClient,
  opts: { studyUid: string; imagePath: string; displayName: string; signal?: AbortSignal },
): Promise<ScResult> {
  const study = checkUid(opts.studyUid, 'study');
  // Read the figure first: a bad file is refused before the server is asked anything.
  const image = await readFigureImage(opts.imagePath, opts.displayName);
  const series = await client.searchSeries(study, opts.signal);
  if (!series.length) throw new PacsError('not-found', `${client.host} has no study ${study}`);
  let meta = null;
  for (const s of series) {
    const inst = await client.searchInstances(study, s.seriesInstanceUid, opts.signal);
    if (inst.length) {
      meta = await client.instanceMetadata(study, s.seriesInstanceUid, inst[0].sopInstanceUid, opts.signal);
      break;
    }
  }
  if (!meta) throw new PacsError('not-found', `${client.host} lists study ${study} but none of its instances`);
  const sc = buildSecondaryCapture(image, meta, study);
  await client.store(study, sc.part10, opts.signal);
  return sc;
}
