// Area of a closed shape (rectangle, ellipse, polygon, area measurement) in calibrated units
// when the panel is calibrated, in px² otherwise, labelled so.
import type { Annotation, Calibration } from '../../shared/figure/schema';
import { polygonArea } from '../../shared/calibration/measure';
import { formatArea, formatNumber } from '../../shared/calibration/units';
import { isValidCalibration } from '../../shared/calibration/spacing';

export function shapeArea(a: Annotation, calibration: Calibration | null): { value: number; unit: 'mm²' | 'px²'; label: string } | null {
  let px2: number;
  switch (a.type) {
    case 'rect':
    case 'redaction':
      px2 = Math.abs(a.size[0] * a.size[1]);
      break;
    case 'ellipse':
      px2 = (Math.PI / 4) * Math.abs(a.size[0] * a.size[1]);
      break;
    case 'polygon':
      if (!a.closed || a.points.length < 3) return null;
      px2 = polygonArea(a.points);
      break;
    case 'measure-area':
      px2 = polygonArea(a.points);
      break;
    default:
      return null;
  }
  // Rotation does not change an area; non-square pixels scale x and y separately.
  if (isValidCalibration(calibration)) {
    const mm2 = px2 * calibration.mmPerPxX * calibration.mmPerPxY;
    return { value: mm2, unit: 'mm²', label: formatArea(mm2) };
  }
  return { value: px2, unit: 'px²', label: `${formatNumber(px2)} px² (uncalibrated)` };
}
