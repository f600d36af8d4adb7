import { type Scope } from './auth.js';
export interface CreateTokenOptions {
    /** The server's `auth.hs256_secret` (at least 32 bytes). */
    secret: string;
    /**
     * Scopes granted, written space-separated in the `scope` claim.
     * @example ["tasks:read", "tasks:write"]
     */
    scopes: readonly string[];
    /** `sub`: who the token speaks for; recorded as the actor of operator actions. */
    subject?: string;
    /**
     * Lifetime: a duration as `baton prune` reads it too (`"30d"`, `"12h"`, `"90 minutes"`, `"1y"`; src/domain/duration.ts) or seconds.
     * @default undefined (the token never expires)
     */
    expiresIn?: string | number;
    /** `aud`, when the server requires one (`auth.audience`). */
    audience?: string;
    /** `iss`, when the server requires one (`auth.issuer`). */
    issuer?: string;
    /** Issue time in seconds since the epoch (tests). @default now */
    nowSeconds?: number;
}
/** Refuses what the server would refuse anyway, so a bad token is never handed out. */
export declare function parseScopes(scopes: readonly string[]): Scope[];
/**
 * Signs an HS256 JWT carrying `scope` (and `sub`, `exp`, `aud`, `iss` when given).
 *
 * @example await createToken({ secret, scopes: ['tasks:read'], subject: 'ci', expiresIn: '30d' })
 * @throws BatonError `invalid_request` for an unknown scope, a short secret or a bad lifetime.
 */
export declare function createToken(opts: CreateTokenOptions): Promise<string>;
