// Area measurement: a closed outline; mm² when the panel is calibrated, px² otherwise.
import { polygonArea } from '../../calibration/measure';
import { formatArea, formatNumber } from '../../calibration/units';
import { pointsUtil } from '../util';

export default pointsUtil('measure-area', {
  vertexHandles: true,
  measure(a, cal) {
    const v = polygonArea(a.points, cal);
    return cal
      ? { kind: 'area', value: v, unit: 'mm²', label: formatArea(v), calibrated: true }
      : { kind: 'area', value: v, unit: 'px²', label: `${formatNumber(v)} px²`, calibrated: false };
  },
});
