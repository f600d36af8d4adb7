/** What replaces a secret in logs and error messages. */
export const REDACTED = '[redacted]';
/**
 * Masks the password of a connection URL, in its userinfo and in a
 * `password=` query parameter (libpq accepts both), keeping the rest readable.
 * The userinfo match runs to the last `@` before the path, so a password with a
 * stray `@` is masked whole.
 */
export function redactUrl(url) {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^/?#]*@/i, `$1${REDACTED}@`).replace(/([?&]password=)[^&#]*/gi, `$1${REDACTED}`);
}
/** Query parameters whose values are masked in logged URLs: anything named like a credential. */
const SECRET_PARAM = /token|passw|secret|auth|key|jwt|session|cookie|sig|credential/i;
/**
 * Masks the values of credential-like query parameters in a request URL
 * (`/v1/events?access_token=…` → `/v1/events?access_token=[redacted]`). Baton
 * takes tokens only in the Authorization header, but clients built for other
 * servers put them in the URL, and request URLs are logged.
 */
export function redactQuerySecrets(url) {
    const at = url.indexOf('?');
    if (at < 0)
        return url;
    const pairs = url
        .slice(at + 1)
        .split('&')
        .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0)
            return pair;
        let name = pair.slice(0, eq);
        try {
            name = decodeURIComponent(name.replace(/\+/g, ' '));
        }
        catch {
            // A malformed escape: judge the name as sent.
        }
        return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    });
    return `${url.slice(0, at + 1)}${pairs.join('&')}`;
}
/** A copy of `config` that is safe to log: the database password and the HS256 secret are masked. */
export function redactConfig(config) {
    const copy = structuredClone(config);
    if (copy.database.url !== undefined)
        copy.database.url = redactUrl(copy.database.url);
    if (copy.auth.hs256Secret !== undefined)
        copy.auth.hs256Secret = REDACTED;
    return copy;
}
//# sourceMappingURL=redact.js.map