import type { JsonObject, TemplateDefinition } from '../domain/types.js';
import type { Db, Queryable } from '../store/db.js';
import type { TemplateRow } from '../store/rows.js';
export declare function templateDigest(definition: TemplateDefinition): string;
/** Options for the TemplateRegistry. */
export interface TemplateRegistryOptions {
    /** Most steps a registered template may list (`templates.max_steps`). @default TemplateLimits.maxSteps (10000) */
    maxSteps?: number;
}
export interface RegisteredTemplate {
    row: TemplateRow;
    created: boolean;
}
/**
 * Templates are immutable once stored, so definitions and compiled context
 * validators are cached by id for the life of the process.
 */
export declare class TemplateRegistry {
    private readonly db;
    private readonly options;
    private readonly byId;
    private readonly validators;
    private readonly upstreams;
    private upstreamNames;
    /** `step -> depends_on` of each template, built once rather than per step. */
    private readonly edges;
    private readonly ajv;
    constructor(db: Db, options?: TemplateRegistryOptions);
    /** Validates, then stores a template; the same version with a different definition is a conflict. */
    register(source: string | object): Promise<RegisteredTemplate>;
    /** Templates by `namespace/name@version` (a stored version never changes) and, under `namespace/name@`, the latest seen. */
    private readonly byName;
    /**
     * The template a submission names, from the cache when possible. A named
     * version never changes, so its cached row is final. A cached "latest" may
     * have been superseded by another process: `cachedLatest` is then true, the
     * write must check it (`LatestTemplateGuard`), and `forgetLatest` it if not.
     */
    resolve(namespace: string, name: string, version?: string, q?: Queryable): Promise<{
        row: TemplateRow;
        cachedLatest: boolean;
    }>;
    forgetLatest(namespace: string, name: string): void;
    /** `q`: the transaction a caller holds (on PGlite its one connection: a read outside it would wait forever). */
    find(namespace: string, name: string, version?: string, q?: Queryable): Promise<TemplateRow>;
    /** `q`: the transaction a caller holds, as for `find`. */
    byIdOrThrow(id: number, q?: Queryable): Promise<TemplateRow>;
    /**
     * The steps upstream of `step` (transitively) in a stored template. Every
     * claim needs it and templates never change, so the template's edges are
     * built once and each step's list is memoised (within UPSTREAM_CACHE_NAMES).
     */
    upstream(template: TemplateRow, step: string): string[];
    private remember;
    list(): Promise<TemplateRow[]>;
    /** Checks a task context against the template's input_schema; lists every error. */
    validateContext(row: TemplateRow, context: unknown): asserts context is JsonObject;
}
