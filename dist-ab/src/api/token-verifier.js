/**
 * Bearer token verification (DESIGN §4): one key kind from the config (an
 * HS256 secret, a PEM public key, or a JWKS file), with the accepted
 * algorithms pinned to that kind so `alg: none` and HS/RS confusion (a token
 * signed with the public key as an HMAC secret) are refused by jose itself.
 */
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, importSPKI, jwtVerify } from 'jose';
import { BatonError } from '../errors.js';
/** Slack on `exp`/`nbf` for clocks that disagree between the minting and the verifying machine. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** Asymmetric algorithms a JWKS key may sign with (never HS*, never none). */
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
function configError(message, cause) {
    return new BatonError('invalid_config', message, cause === undefined ? {} : { cause });
}
async function readKeyFile(path, key) {
    try {
        return await readFile(path, 'utf8');
    }
    catch (err) {
        throw configError(`${key}: cannot read ${path} (${err.code ?? err.message})`, err);
    }
}
/** RS256 for an RSA key, ES256 for a P-256 key; other key types are refused with the reason. */
function algorithmOfPublicKey(pem, path) {
    let key;
    try {
        key = createPublicKey(pem);
    }
    catch (err) {
        throw configError(`auth.public_key_file: ${path} is not a PEM public key ("-----BEGIN PUBLIC KEY-----")`, err);
    }
    if (key.asymmetricKeyType === 'rsa')
        return 'RS256';
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
        return 'ES256';
    const what = key.asymmetricKeyType === 'ec' ? `an EC key on ${key.asymmetricKeyDetails?.namedCurve}` : `a ${key.asymmetricKeyType} key`;
    throw configError(`auth.public_key_file: ${path} holds ${what}; use an RSA key (RS256) or an EC P-256 key (ES256)`);
}
async function loadJwks(path) {
    const text = await readKeyFile(path, 'auth.jwks_file');
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (err) {
        throw configError(`auth.jwks_file: ${path} is not valid JSON`, err);
    }
    const keys = parsed?.keys;
    if (!Array.isArray(keys) || keys.length === 0)
        throw configError(`auth.jwks_file: ${path} must be a JSON Web Key Set: {"keys": [...]} with at least one key`);
    try {
        return createLocalJWKSet(parsed);
    }
    catch (err) {
        throw configError(`auth.jwks_file: ${path} is not a valid JSON Web Key Set`, err);
    }
}
/** Names of the configured key settings, as written in baton.toml. */
function configuredKeys(auth) {
    const keys = [];
    if (auth.hs256Secret !== undefined)
        keys.push('auth.hs256_secret');
    if (auth.publicKeyFile !== undefined)
        keys.push('auth.public_key_file');
    if (auth.jwksFile !== undefined)
        keys.push('auth.jwks_file');
    return keys;
}
/** Whether a verification key is configured, i.e. whether auth is on. */
export function isAuthConfigured(auth) {
    return configuredKeys(auth).length > 0;
}
/**
 * Builds the verifier for the configured key, or `undefined` when none is set
 * (auth off). Reads key files once, at start-up.
 *
 * @throws BatonError `invalid_config` for an unreadable or unusable key, or more than one key kind.
 */
export async function createTokenVerifier(auth) {
    const keys = configuredKeys(auth);
    if (keys.length === 0)
        return undefined;
    if (keys.length > 1)
        throw configError(`auth: set only one of ${keys.join(', ')}; each is a different way to verify tokens`);
    let kind;
    let algorithms;
    let getKey;
    if (auth.hs256Secret !== undefined) {
        kind = 'hs256';
        algorithms = ['HS256'];
        const secret = new TextEncoder().encode(auth.hs256Secret);
        getKey = () => secret;
    }
    else if (auth.publicKeyFile !== undefined) {
        kind = 'public_key';
        const pem = await readKeyFile(auth.publicKeyFile, 'auth.public_key_file');
        const alg = algorithmOfPublicKey(pem, auth.publicKeyFile);
        algorithms = [alg];
        const publicKey = await importSPKI(pem, alg);
        getKey = () => publicKey;
    }
    else {
        kind = 'jwks';
        algorithms = JWKS_ALGORITHMS;
        getKey = await loadJwks(auth.jwksFile);
    }
    const options = {
        algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(auth.audience !== undefined ? { audience: auth.audience } : {}),
        ...(auth.issuer !== undefined ? { issuer: auth.issuer } : {}),
    };
    return {
        kind,
        algorithms,
        async verify(token) {
            let payload;
            try {
                payload = (await jwtVerify(token, getKey, options)).payload;
            }
            catch (err) {
                throw unauthorized(describeFailure(err, algorithms), err);
            }
            return { subject: typeof payload.sub === 'string' ? payload.sub : undefined, scopes: scopesOf(payload) };
        },
    };
}
/** The `scope` claim, space-separated (RFC 8693 §4.2); a claim of another type is refused. */
function scopesOf(payload) {
    const claim = payload.scope;
    if (claim === undefined)
        return new Set();
    if (typeof claim !== 'string')
        throw unauthorized({ reason: 'invalid_scope_claim', message: 'the token\'s "scope" claim must be a space-separated string' });
    return new Set(claim.split(' ').filter((s) => s !== ''));
}
/** A jose error as a reason code and a message for the client (never jose's internals). */
function describeFailure(err, algorithms) {
    const code = err?.code;
    const claim = err?.claim;
    switch (code) {
        case 'ERR_JWT_EXPIRED':
            return { reason: 'expired', message: 'the token has expired; mint a new one' };
        case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
            if (claim === 'nbf')
                return { reason: 'not_yet_valid', message: 'the token is not valid yet (nbf is in the future)' };
            if (claim === 'aud')
                return { reason: 'wrong_audience', message: "the token's audience (aud) is not the one this server requires" };
            if (claim === 'iss')
                return { reason: 'wrong_issuer', message: "the token's issuer (iss) is not the one this server requires" };
            return { reason: 'invalid_claim', message: `the token's "${String(claim)}" claim is not valid` };
        case 'ERR_JOSE_ALG_NOT_ALLOWED':
        case 'ERR_JOSE_NOT_SUPPORTED':
            return { reason: 'algorithm_not_allowed', message: `the token's signing algorithm is not accepted; this server accepts ${algorithms.join(', ')}` };
        case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
            return { reason: 'bad_signature', message: "the token's signature does not verify" };
        case 'ERR_JWKS_NO_MATCHING_KEY':
        case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
            return { reason: 'unknown_key', message: 'no single key of the configured key set matches the token (check its kid and alg)' };
        default:
            return { reason: 'malformed', message: 'the bearer token is not a well-formed signed JWT' };
    }
}
export function unauthorized(failure, cause) {
    return new BatonError('unauthorized', failure.message, { details: { reason: failure.reason }, ...(cause === undefined ? {} : { cause }) });
}
//# sourceMappingURL=token-verifier.js.map