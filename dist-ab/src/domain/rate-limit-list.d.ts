export interface DeclaredRateLimit {
    name: string;
    limit: number;
    perMs: number;
    per: string;
}
/** Parses the list; returns the limits, or the first problem as a message naming the entry. */
export declare function parseRateLimitList(text: string): {
    ok: true;
    limits: DeclaredRateLimit[];
} | {
    ok: false;
    message: string;
};
