// Angle measurement: arm, vertex, arm (true angles on non-square pixels when calibrated).
import { angle } from '../../calibration/measure';
import { formatNumber } from '../../calibration/units';
import { pointsUtil } from '../util';

export default pointsUtil('measure-angle', {
  vertexHandles: true,
  measure(a, cal) {
    const [p, v, q] = a.points;
    const deg = angle(p, v, q, cal);
    return { kind: 'angle', value: deg, unit: 'deg', label: `${formatNumber(deg)}°`, calibrated: cal !== null };
  },
});
