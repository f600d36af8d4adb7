import { createHash } from 'node:crypto';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { dependencyEdges, reachableFrom } from '../domain/dag.js';
import { parseTemplateSource } from '../domain/template-parse.js';
import { validateTemplate } from '../domain/template-validate.js';
import { BatonError } from '../errors.js';
import { findTemplate, findTemplateById, insertTemplate, listTemplates } from '../store/templates.js';
import { checkChildTemplates } from './child-templates.js';
import { unknownRateLimits } from '../store/rate-limits.js';
import { createTemplateError } from '../domain/template-issues.js';
const addFormats = addFormatsModule;
/** Canonical JSON (sorted keys) so that the same definition always has the same digest. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
export function templateDigest(definition) {
    return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
/**
 * Most upstream step names kept memoised, over all templates. A 10,000-step
 * chain alone has 50 million (step, upstream) pairs; past the budget the
 * oldest lists are dropped and recomputed when next claimed, which costs no
 * more than fetching the outputs they name.
 */
const UPSTREAM_CACHE_NAMES = 1_000_000;
/**
 * Templates are immutable once stored, so definitions and compiled context
 * validators are cached by id for the life of the process.
 */
export class TemplateRegistry {
    db;
    options;
    byId = new Map();
    validators = new Map();
    upstreams = new Map();
    upstreamNames = 0;
    /** `step -> depends_on` of each template, built once rather than per step. */
    edges = new Map();
    ajv;
    constructor(db, options = {}) {
        this.db = db;
        this.options = options;
        this.ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(this.ajv);
    }
    /** Validates, then stores a template; the same version with a different definition is a conflict. */
    async register(source) {
        const raw = typeof source === 'string' ? parseTemplateSource(source) : source;
        const definition = validateTemplate(raw, this.options.maxSteps === undefined ? {} : { maxSteps: this.options.maxSteps });
        const limits = [...new Set(definition.steps.flatMap((s) => (s.rate_limit ? [s.rate_limit.name] : [])))];
        const unknown = await unknownRateLimits(this.db, limits);
        if (unknown.length > 0) {
            const issues = definition.steps.flatMap((s, i) => s.rate_limit && unknown.includes(s.rate_limit.name)
                ? [
                    {
                        path: `steps[${i}].rate_limit.name`,
                        step: s.name,
                        message: `step "${s.name}": rate_limit.name "${s.rate_limit.name}" is not declared; declare it first (POST /v1/rate-limits, baton rate-limit set)`,
                    },
                ]
                : []);
            throw createTemplateError(`${definition.namespace}/${definition.name}@${definition.version}`, issues);
        }
        if (definition.steps.some((s) => s.workflow)) {
            await checkChildTemplates(definition, async (namespace, name, version) => (await findTemplate(this.db, namespace, name, version))?.definition ?? null);
        }
        const digest = templateDigest(definition);
        const inserted = await insertTemplate(this.db, definition, digest);
        if (inserted) {
            this.byId.set(inserted.id, inserted);
            this.forgetLatest(inserted.namespace, inserted.name);
            return { row: inserted, created: true };
        }
        const existing = await findTemplate(this.db, definition.namespace, definition.name, definition.version);
        if (!existing)
            throw new BatonError('conflict', 'template was registered and removed concurrently; try again');
        if (existing.digest !== digest) {
            throw new BatonError('conflict', `template ${definition.namespace}/${definition.name}@${definition.version} already exists with a different definition; give the changed template a new version`);
        }
        return { row: existing, created: false };
    }
    /** Templates by `namespace/name@version` (a stored version never changes) and, under `namespace/name@`, the latest seen. */
    byName = new Map();
    /**
     * The template a submission names, from the cache when possible. A named
     * version never changes, so its cached row is final. A cached "latest" may
     * have been superseded by another process: `cachedLatest` is then true, the
     * write must check it (`LatestTemplateGuard`), and `forgetLatest` it if not.
     */
    async resolve(namespace, name, version, q = this.db) {
        const key = `${namespace}/${name}@${version ?? ''}`;
        const cached = this.byName.get(key);
        if (cached)
            return { row: cached, cachedLatest: version === undefined };
        const row = await this.find(namespace, name, version, q);
        this.byName.set(key, row);
        return { row, cachedLatest: false };
    }
    forgetLatest(namespace, name) {
        this.byName.delete(`${namespace}/${name}@`);
    }
    /** `q`: the transaction a caller holds (on PGlite its one connection: a read outside it would wait forever). */
    async find(namespace, name, version, q = this.db) {
        const row = await findTemplate(q, namespace, name, version);
        if (!row) {
            const what = `${namespace}/${name}${version ? `@${version}` : ''}`;
            throw new BatonError('not_found', `template ${what} is not registered; register it with POST /v1/templates or \`baton template apply\``, {
                details: { template: { namespace, name, ...(version ? { version } : {}) } },
            });
        }
        this.byId.set(row.id, row);
        return row;
    }
    /** `q`: the transaction a caller holds, as for `find`. */
    async byIdOrThrow(id, q = this.db) {
        const cached = this.byId.get(id);
        if (cached)
            return cached;
        const row = await findTemplateById(q, id);
        if (!row)
            throw new BatonError('not_found', `template ${id} does not exist`);
        this.byId.set(id, row);
        return row;
    }
    /**
     * The steps upstream of `step` (transitively) in a stored template. Every
     * claim needs it and templates never change, so the template's edges are
     * built once and each step's list is memoised (within UPSTREAM_CACHE_NAMES).
     */
    upstream(template, step) {
        const key = `${template.id}/${step}`;
        let names = this.upstreams.get(key);
        if (!names) {
            let edges = this.edges.get(template.id);
            if (!edges)
                this.edges.set(template.id, (edges = dependencyEdges(template.definition)));
            names = [...reachableFrom(step, edges)];
            this.remember(key, names);
        }
        return names;
    }
    remember(key, names) {
        if (names.length > UPSTREAM_CACHE_NAMES)
            return;
        this.upstreamNames += names.length;
        // A Map iterates in insertion order: the oldest lists go first.
        for (const [oldKey, old] of this.upstreams) {
            if (this.upstreamNames <= UPSTREAM_CACHE_NAMES)
                break;
            this.upstreams.delete(oldKey);
            this.upstreamNames -= old.length;
        }
        this.upstreams.set(key, names);
    }
    list() {
        return listTemplates(this.db);
    }
    /** Checks a task context against the template's input_schema; lists every error. */
    validateContext(row, context) {
        if (context === null || typeof context !== 'object' || Array.isArray(context)) {
            throw new BatonError('invalid_context', 'context must be a JSON object', { details: { errors: [{ path: '', message: 'must be object' }] } });
        }
        let validate = this.validators.get(row.id);
        if (validate === undefined) {
            validate = row.definition.input_schema ? this.ajv.compile(row.definition.input_schema) : null;
            this.validators.set(row.id, validate);
        }
        if (validate && !validate(context)) {
            const errors = (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'invalid', params: e.params }));
            const summary = errors.map((e) => `${e.path} ${e.message}`).join('; ');
            throw new BatonError('invalid_context', `context does not match the input_schema of ${row.namespace}/${row.name}@${row.version}: ${summary}`, {
                details: { errors },
            });
        }
    }
}
//# sourceMappingURL=template-registry.js.map