import type { TemplateDefinition } from '../domain/types.js';
import type { Queryable } from './db.js';
import type { TemplateRow } from './rows.js';

/** Inserts a template version; returns null when that version already exists. */
export async function insertTemplate(db: Queryable, definition: TemplateDefinition, digest: string): Promise<TemplateRow | null> {
  const { rows } = await db.query<TemplateRow>(
    `INSERT INTO templates (namespace, name, version, definition, digest)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (namespace, name, version) DO NOTHING
     RETURNING *`,
    [definition.namespace, definition.name, definition.version, JSON.stringify(definition), digest],
  );
  return rows[0] ?? null;
}

/** The named version, or the most recently registered one when no version is given. */
export async function findTemplate(db: Queryable, namespace: string, name: string, version?: string): Promise<TemplateRow | null> {
  const { rows } = version
    ? await db.query<TemplateRow>('SELECT * FROM templates WHERE namespace = $1 AND name = $2 AND version = $3', [namespace, name, version])
    : await db.query<TemplateRow>('SELECT * FROM templates WHERE namespace = $1 AND name = $2 ORDER BY created_at DESC, id DESC LIMIT 1', [namespace, name]);
  return rows[0] ?? null;
}

export async function findTemplateById(db: Queryable, id: number): Promise<TemplateRow | null> {
  const { rows } = await db.query<TemplateRow>('SELECT * FROM templates WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export async function listTemplates(db: Queryable): Promise<TemplateRow[]> {
  const { rows } = await db.query<TemplateRow>('SELECT * FROM templates ORDER BY namespace, name, created_at DESC, id DESC');
  return rows;
}
