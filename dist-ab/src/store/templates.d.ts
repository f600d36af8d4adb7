import type { TemplateDefinition } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { TemplateRow } from './rows.js';
/** Inserts a template version; returns null when that version already exists. */
export declare function insertTemplate(db: Queryable, definition: TemplateDefinition, digest: string): Promise<TemplateRow | null>;
/** The named version, or the most recently registered one when no version is given. */
export declare function findTemplate(db: Queryable, namespace: string, name: string, version?: string): Promise<TemplateRow | null>;
export declare function findTemplateById(db: Queryable, id: number): Promise<TemplateRow | null>;
export declare function listTemplates(db: Queryable): Promise<TemplateRow[]>;
