const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** Schema names are interpolated into DDL, so they are checked, never escaped. */
export function assertSchemaName(schema) {
    if (!IDENTIFIER.test(schema)) {
        throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and underscores`);
    }
    return schema;
}
/** NOTIFY channels are per schema so that several Baton deployments (or tests) can share a database. */
export function channelName(schema, topic) {
    return `${schema}_${topic}`;
}
//# sourceMappingURL=db.js.map