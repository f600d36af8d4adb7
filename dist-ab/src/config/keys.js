/** `body_limit_bytes` → `bodyLimitBytes`, `hs256_secret` → `hs256Secret`. */
export function snakeToCamel(key) {
    return key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}
/** `bodyLimitBytes` → `body_limit_bytes`, `hs256Secret` → `hs256_secret`. */
export function camelToSnake(key) {
    return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
/** The TOML spelling of a camelCase path: `["server", "bodyLimitBytes"]` → `server.body_limit_bytes`. */
export function tomlKeyOf(path) {
    return path.map((part) => camelToSnake(String(part))).join('.');
}
/**
 * The known key a mistyped one was probably meant to be: its snake_case
 * spelling, or the closest key within two edits (`prot` → `port`).
 */
export function suggestKey(key, known) {
    const snake = camelToSnake(key).replace(/-/g, '_').toLowerCase();
    if (snake !== key && known.includes(snake))
        return snake;
    let best;
    let bestDistance = 3;
    for (const candidate of known) {
        const distance = editDistance(snake, candidate);
        if (distance < bestDistance)
            [best, bestDistance] = [candidate, distance];
    }
    return best;
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
//# sourceMappingURL=keys.js.map