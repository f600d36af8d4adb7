const MAX_FIELD_LENGTH = 200;
/** The id-carrying route prefixes and the log field their `:id` becomes. */
const ID_FIELDS = [
    ['/v1/tasks/', 'taskId'],
    ['/v1/workers/', 'workerId'],
    ['/v1/executions/', 'executionId'],
];
/** Adds `fields` to every later log line of this request, Fastify's own included. */
export function addLogFields(request, reply, fields) {
    request.log = request.log.child(fields);
    reply.log = request.log;
}
async function logContextPlugin(app) {
    app.addHook('onRequest', async (request, reply) => {
        const params = request.params;
        const route = request.routeOptions.url;
        if (!params || !route)
            return;
        const fields = {};
        const id = params.id;
        if (typeof id === 'string') {
            const match = ID_FIELDS.find(([prefix]) => route.startsWith(prefix));
            if (match)
                fields[match[1]] = id.slice(0, MAX_FIELD_LENGTH);
        }
        if (typeof params.step === 'string')
            fields.step = params.step.slice(0, MAX_FIELD_LENGTH);
        if (Object.keys(fields).length > 0)
            addLogFields(request, reply, fields);
    });
}
// Unencapsulated (as fastify-plugin would make it): the hook covers every route.
logContextPlugin[Symbol.for('skip-override')] = true;
export const logContext = logContextPlugin;
//# sourceMappingURL=log-context.js.map