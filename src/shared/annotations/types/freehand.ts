// The freehand annotation: a list of points (a smoothed stroke: too many vertices to handle one by one, so it scales in its box).
import { pointsUtil } from '../util';

export default pointsUtil('freehand', { vertexHandles: false });
