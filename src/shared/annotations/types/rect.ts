// The rect annotation: a box with corner/edge handles and a rotate handle.
import { boxUtil } from '../util';

export default boxUtil('rect', true);
