/** `body_limit_bytes` → `bodyLimitBytes`, `hs256_secret` → `hs256Secret`. */
export declare function snakeToCamel(key: string): string;
/** `bodyLimitBytes` → `body_limit_bytes`, `hs256Secret` → `hs256_secret`. */
export declare function camelToSnake(key: string): string;
/** The TOML spelling of a camelCase path: `["server", "bodyLimitBytes"]` → `server.body_limit_bytes`. */
export declare function tomlKeyOf(path: readonly PropertyKey[]): string;
/**
 * The known key a mistyped one was probably meant to be: its snake_case
 * spelling, or the closest key within two edits (`prot` → `port`).
 */
export declare function suggestKey(key: string, known: readonly string[]): string | undefined;
