/**
 * Keeping secrets out of what talkwatch writes: logs, error lines, HTTP answers. Three nets, because a secret can
 * arrive as a named field, inside a URL, or as a bare value in some library's message:
 * - a field whose name says secret (token, secret, password, authorization, cookie, api key...) is blanked;
 * - the password of a URL (user:password@, ?password=) is blanked wherever a URL appears in text;
 * - the value of every environment variable whose name ends in TOKEN, SECRET, KEY or PASSWORD (and the password
 *   in DATABASE_URL) is blanked wherever it appears, once it is long enough not to be an ordinary word.
 */

export const REDACTED = '[redacted]';

/** Environment variables whose values are secrets, by name. */
export const SECRET_VAR = /(TOKEN|SECRET|KEY|PASSWORD)$/;

/** Field names whose values are secrets, in any case and nesting: botToken, Authorization, client_secret... */
const SECRET_FIELD = /(token|secret|passw(or)?d|^pass$|^pwd$|authorization|cookie|api[-_]?key|private[-_]?key|credential|connectionstring|databaseurl)/i;

/** Shorter values are not searched for in text: they would blank ordinary words. */
const MIN_VALUE = 8;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

// scheme://user:password@ (to the last @ of the authority) and ?password= / &sslpassword= / &token= ...
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#]*@/gi;
const QUERY_SECRET = /([?&][^=&\s#]*(?:pass|secret|token|key)[^=&\s#]*=)[^&\s#"']*/gi;

/** The secret values of an environment: what `redactText` blanks wherever it appears. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_VAR.test(name)) values.add(value);
    // a URL's own password (DATABASE_URL) and any secret-named parameter in it, so they are blanked even where
    // they appear outside the URL (a short one is still blanked inside any URL, by the URL rules above)
    for (const m of value.matchAll(/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#]+)@/gi)) values.add(decodeSafe(m[1]!));
    for (const m of value.matchAll(/[?&][^=&\s#]*(?:pass|secret|token|key)[^=&\s#]*=([^&\s#]+)/gi)) values.add(decodeSafe(m[1]!));
  }
  return [...values];
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Text with URL passwords, and the given secret values of 8 characters or more, blanked. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return blankValues(text.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(QUERY_SECRET, `$1${REDACTED}`), secrets);
}

/** Text with the given secret values of 8 characters or more blanked, as typed, URL-encoded or JSON-escaped. */
export function blankValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_VALUE) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out;
}
