// The redaction: an opaque box burned into every export; it never rotates (what it hides must
// stay axis-aligned with the pixels).
import { boxUtil } from '../util';

export default boxUtil('redaction', false);
