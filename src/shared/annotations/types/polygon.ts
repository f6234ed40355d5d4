// The polygon annotation: a list of points, each with a vertex handle.
import { pointsUtil } from '../util';

export default pointsUtil('polygon', { vertexHandles: true });
