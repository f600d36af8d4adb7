/** No one listening: engines built without observers (tests, tools). */
export const NO_OBSERVERS = Object.freeze({});
export function tellUnit(observers, unit) {
    try {
        observers.onUnit?.(unit);
    }
    catch {
        /* an observer's failure must not fail a committed transaction */
    }
}
export function tellClaims(observers, claims) {
    if (!observers.onClaims || claims.length === 0)
        return;
    try {
        observers.onClaims(claims);
    }
    catch {
        /* an observer's failure must not fail a committed claim */
    }
}
//# sourceMappingURL=observers.js.map