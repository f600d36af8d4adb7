import { BatonError } from '../errors.js';
/** Media types read as YAML template source (text/plain for `curl --data-binary @file.yaml`). */
export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'];
function describeJsonError(body) {
    try {
        JSON.parse(body);
    }
    catch (err) {
        // V8's message; drop its echo of the source, which can be the whole body.
        const reason = err.message.replace(/, "[\s\S]*" is not valid JSON$/, '');
        return `request body is not valid JSON: ${reason.slice(0, 200)}`;
    }
    // It parsed with plain JSON.parse, so secure-json-parse refused a prototype-poisoning key.
    return 'request body is not accepted: it contains a "__proto__" or "constructor.prototype" key';
}
/**
 * Replaces Fastify's JSON parser (and drops its text/plain one): an empty body
 * is "no body" (clients often send `Content-Type: application/json` on a bare
 * POST), and malformed JSON is 400 `invalid_json` saying what is wrong.
 * Fastify's own parser still does the parsing, so prototype poisoning stays refused.
 */
export function registerJsonParser(app) {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        const text = body;
        if (text.trim() === '') {
            done(null, undefined);
            return;
        }
        // Called with a callback, the default parser answers through it and returns nothing to wait for.
        void parseJson(request, text, (err, value) => {
            if (err)
                done(new BatonError('invalid_json', describeJsonError(text)), undefined);
            else
                done(null, value);
        });
    });
}
/** Accepts YAML bodies (as a string, parsed later by the template loader) in this plugin's routes. */
export function registerYamlParser(app) {
    app.addContentTypeParser([...YAML_MEDIA_TYPES], { parseAs: 'string' }, (_request, body, done) => done(null, body));
}
//# sourceMappingURL=content-types.js.map