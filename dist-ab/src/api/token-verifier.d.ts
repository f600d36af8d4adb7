import type { BatonConfig } from '../config/schema.js';
import { BatonError } from '../errors.js';
/** Slack on `exp`/`nbf` for clocks that disagree between the minting and the verifying machine. */
export declare const CLOCK_TOLERANCE_SECONDS = 5;
/** What a verified token grants: its subject and the scopes named in its `scope` claim. */
export interface VerifiedToken {
    subject: string | undefined;
    scopes: Set<string>;
}
export interface TokenVerifier {
    /** `hs256`, `public_key` or `jwks`: which config key verifies tokens. */
    kind: 'hs256' | 'public_key' | 'jwks';
    /** Algorithms accepted in the token header; anything else is 401. */
    algorithms: string[];
    /** @throws BatonError `unauthorized` for any token that does not verify. */
    verify(token: string): Promise<VerifiedToken>;
}
/** Whether a verification key is configured, i.e. whether auth is on. */
export declare function isAuthConfigured(auth: BatonConfig['auth']): boolean;
/**
 * Builds the verifier for the configured key, or `undefined` when none is set
 * (auth off). Reads key files once, at start-up.
 *
 * @throws BatonError `invalid_config` for an unreadable or unusable key, or more than one key kind.
 */
export declare function createTokenVerifier(auth: BatonConfig['auth']): Promise<TokenVerifier | undefined>;
interface Failure {
    reason: string;
    message: string;
}
export declare function unauthorized(failure: Failure, cause?: unknown): BatonError;
export {};
