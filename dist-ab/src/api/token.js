/**
 * Minting bearer tokens for the HS256 mode (`baton token create`, tests, and
 * users who script their own tokens). RS256/ES256 tokens are minted by
 * whoever holds the private key; Baton only verifies them.
 */
import { SignJWT } from 'jose';
import { parseDuration } from '../domain/duration.js';
import { BatonError } from '../errors.js';
import { Scopes } from './auth.js';
/** Refuses what the server would refuse anyway, so a bad token is never handed out. */
export function parseScopes(scopes) {
    const unknown = scopes.filter((s) => !Scopes.includes(s));
    if (unknown.length > 0) {
        throw new BatonError('invalid_request', `unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}; scopes are ${Scopes.join(', ')}`, {
            details: { unknown_scopes: unknown },
        });
    }
    if (scopes.length === 0)
        throw new BatonError('invalid_request', `give at least one scope: ${Scopes.join(', ')}`);
    return [...new Set(scopes)];
}
/**
 * Signs an HS256 JWT carrying `scope` (and `sub`, `exp`, `aud`, `iss` when given).
 *
 * @example await createToken({ secret, scopes: ['tasks:read'], subject: 'ci', expiresIn: '30d' })
 * @throws BatonError `invalid_request` for an unknown scope, a short secret or a bad lifetime.
 */
export async function createToken(opts) {
    if (Buffer.byteLength(opts.secret, 'utf8') < 32) {
        throw new BatonError('invalid_request', 'the HS256 secret must be at least 32 bytes (auth.hs256_secret)');
    }
    const scopes = parseScopes(opts.scopes);
    const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ scope: scopes.join(' ') }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now);
    if (opts.subject !== undefined)
        jwt.setSubject(opts.subject);
    if (opts.audience !== undefined)
        jwt.setAudience(opts.audience);
    if (opts.issuer !== undefined)
        jwt.setIssuer(opts.issuer);
    if (opts.expiresIn !== undefined)
        jwt.setExpirationTime(expiry(opts.expiresIn, now));
    return jwt.sign(new TextEncoder().encode(opts.secret));
}
/** `exp` for a lifetime counted from the issue time (a bare number would be an absolute time to jose). */
function expiry(expiresIn, now) {
    const spanMs = typeof expiresIn === 'string' ? parseDuration(expiresIn) : undefined;
    const seconds = typeof expiresIn === 'number' ? expiresIn : spanMs === undefined ? undefined : spanMs / 1000;
    // A token minted already expired (a negative or zero span) is a mistake, not a request.
    if (seconds === undefined || !Number.isFinite(seconds) || seconds < 1) {
        throw new BatonError('invalid_request', `cannot read the lifetime ${JSON.stringify(expiresIn)}; write a positive number and a unit such as 3600s, 90m, 12h, 30d, 2w or 1y`);
    }
    return now + Math.floor(seconds);
}
//# sourceMappingURL=token.js.map