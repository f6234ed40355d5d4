// Streaming SHA-256: sources can be large (multi-frame DICOM, whole-slide TIFF).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileHash {
  sha256: string;
  size: number;
}

export function hashFile(file: string): Promise<FileHash> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    let size = 0;
    createReadStream(file)
      .on('data', (chunk) => {
        const b = chunk as Buffer;
        size += b.length;
        h.update(b);
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: h.digest('hex'), size }));
  });
}
