/** Inserts a template version; returns null when that version already exists. */
export async function insertTemplate(db, definition, digest) {
    const { rows } = await db.query(`INSERT INTO templates (namespace, name, version, definition, digest)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (namespace, name, version) DO NOTHING
     RETURNING *`, [definition.namespace, definition.name, definition.version, JSON.stringify(definition), digest]);
    return rows[0] ?? null;
}
/** The named version, or the most recently registered one when no version is given. */
export async function findTemplate(db, namespace, name, version) {
    const { rows } = version
        ? await db.query('SELECT * FROM templates WHERE namespace = $1 AND name = $2 AND version = $3', [namespace, name, version])
        : await db.query('SELECT * FROM templates WHERE namespace = $1 AND name = $2 ORDER BY created_at DESC, id DESC LIMIT 1', [namespace, name]);
    return rows[0] ?? null;
}
export async function findTemplateById(db, id) {
    const { rows } = await db.query('SELECT * FROM templates WHERE id = $1', [id]);
    return rows[0] ?? null;
}
export async function listTemplates(db) {
    const { rows } = await db.query('SELECT * FROM templates ORDER BY namespace, name, created_at DESC, id DESC');
    return rows;
}
//# sourceMappingURL=templates.js.map