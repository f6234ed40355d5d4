// Status-bar readout of the pixel under the cursor: HU (or the modality value) for DICOM, the
// stored value for 16-bit images, RGB for colour. Reads the frame the services already decoded.
import { useEffect, useState } from 'react';
import type { Panel, Point } from '../../shared/figure/schema';
import { infoOf, loadFrame } from '../imaging/panel-images';

export function PixelReadout({ panel, at }: { panel: Panel | null; at: Point | null }) {
  const [text, setText] = useState('');
  useEffect(() => {
    if (!panel || !at) return setText('');
    let alive = true;
    const info = infoOf(panel.sourceId);
    void loadFrame(panel.sourceId, panel.frame)
      .then((f) => {
        if (!alive) return;
        // The screen frame may be a downsampled preview: scale source px to its grid.
        const sx = info ? f.width / info.width : 1;
        const sy = info ? f.height / info.height : 1;
        const x = Math.floor(at[0] * sx);
        const y = Math.floor(at[1] * sy);
        if (x < 0 || y < 0 || x >= f.width || y >= f.height) return setText('');
        const i = (y * f.width + x) * f.channels;
        if (f.channels === 1) {
          const v = f.data[i] * f.slope + f.intercept;
          const unit = info?.modality === 'CT' ? ' HU' : '';
          setText(`${unit ? 'HU' : 'value'} ${Number.isInteger(v) ? v : v.toFixed(2)}`);
        } else setText(`RGB ${f.data[i]}, ${f.data[i + 1]}, ${f.data[i + 2]}`);
      })
      .catch(() => alive && setText(''));
    return () => {
      alive = false;
    };
  }, [panel, at]);
  return <span data-testid="pixel-value">{text}</span>;
}
