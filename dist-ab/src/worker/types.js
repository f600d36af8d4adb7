import { PermanentError } from '../errors.js';
/** Zod issues as plain JSON, for a step's `error.details`. */
function issuesToJson(issues) {
    return JSON.parse(JSON.stringify(issues.map((issue) => ({ ...issue, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) }))));
}
function describeIssues(issues) {
    return issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`).join('; ');
}
async function parseOrFail(schema, value, handler, what) {
    const result = await schema.safeParseAsync(value);
    if (result.success)
        return result.data;
    const subject = what === 'input' ? 'params do not match its input schema' : 'output does not match its output schema';
    const code = what === 'input' ? 'invalid_input' : 'invalid_output';
    throw new PermanentError(`handler ${handler}: ${subject}: ${describeIssues(result.error.issues)}`, {
        code,
        details: issuesToJson(result.error.issues),
    });
}
// The implementation takes whatever the overloads above let through: its handler's params are what the input schema parsed.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment */
export function defineHandler(name, specOrFn, maybeFn) {
    if (typeof name !== 'string' || name.length === 0)
        throw new TypeError('defineHandler: name must be a non-empty string');
    const fn = typeof specOrFn === 'function' ? specOrFn : maybeFn;
    if (typeof fn !== 'function')
        throw new TypeError(`defineHandler(${name}): the handler must be a function`);
    if (typeof specOrFn === 'function')
        return { name, fn };
    const { input, output } = specOrFn ?? {};
    if (input === undefined && output === undefined)
        return { name, fn };
    return {
        name,
        fn: async (ctx) => {
            const params = input === undefined ? ctx.params : await parseOrFail(input, ctx.params, name, 'input');
            const result = await fn({ ...ctx, params });
            return output === undefined ? result : parseOrFail(output, result, name, 'output');
        },
    };
}
/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment */
//# sourceMappingURL=types.js.map