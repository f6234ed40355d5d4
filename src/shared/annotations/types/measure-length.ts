// Length measurement: a polyline; mm when the panel is calibrated, px otherwise.
import { polylineLength } from '../../calibration/measure';
import { formatLength, formatNumber } from '../../calibration/units';
import { pointsUtil } from '../util';

export default pointsUtil('measure-length', {
  vertexHandles: true,
  measure(a, cal) {
    const v = polylineLength(a.points, cal);
    return cal
      ? { kind: 'length', value: v, unit: 'mm', label: formatLength(v), calibrated: true }
      : { kind: 'length', value: v, unit: 'px', label: `${formatNumber(v)} px`, calibrated: false };
  },
});
