/** `items` reordered so that each one comes after the items holding the templates its workflow steps start. */
export function childrenFirst(items, definitionOf) {
    const byName = new Map();
    for (const item of items) {
        const def = definitionOf(item);
        if (!def)
            continue;
        const key = `${def.namespace}/${def.name}`;
        byName.set(key, [...(byName.get(key) ?? []), item]);
    }
    const placed = new Set();
    const visiting = new Set();
    const out = [];
    const place = (item) => {
        if (placed.has(item) || visiting.has(item))
            return; // a cycle: registration names it
        visiting.add(item);
        for (const step of definitionOf(item)?.steps ?? []) {
            if (step.workflow)
                for (const child of byName.get(`${step.workflow.namespace}/${step.workflow.name}`) ?? [])
                    place(child);
        }
        visiting.delete(item);
        placed.add(item);
        out.push(item);
    };
    for (const item of items)
        place(item);
    return out;
}
//# sourceMappingURL=template-order.js.map