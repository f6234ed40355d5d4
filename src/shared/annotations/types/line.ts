// The line annotation: a list of points, each with a vertex handle.
import { pointsUtil } from '../util';

export default pointsUtil('line', { vertexHandles: true });
