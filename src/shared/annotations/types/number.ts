// The number annotation: placed at one point; moved, not resized by handles.
import { anchorUtil } from '../util';

export default anchorUtil('number');
