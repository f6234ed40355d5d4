// One error type for everything that can go wrong talking to a PACS, with a sentence the user can
// read (naming the server and, for a server error, its HTTP status) and a kind the hosts map to
// their own codes (the CLI: exit 2; the app: an ApiError code).
export type PacsErrorKind =
  | 'auth' // 401/403: the login was refused
  | 'unreachable' // no connection, or no answer in time
  | 'not-found' // 404, or an empty answer for a study we asked for
  | 'server' // 5xx (after retries) or another unexpected status
  | 'too-large' // a response over its cap
  | 'protocol' // an answer we cannot read (bad multipart, not Part-10, bad JSON)
  | 'cancelled'
  | 'bad-input'; // our side: a bad URL, image or UID

export class PacsError extends Error {
  constructor(
    readonly kind: PacsErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PacsError';
  }
}

/** "127.0.0.1:8042" — how a server is named in messages (never with credentials or a path). */
export function serverName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
