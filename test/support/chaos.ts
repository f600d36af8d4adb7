import pg from 'pg';

/**
 * Fault helpers for tests: terminate a schema's database sessions, as a
 * failover or an administrator would. Sessions are found by the
 * application_name the pg adapter sets (`baton:<schema>`, `baton:<schema>:listen`).
 */
export async function terminateBackends(url: string, schema: string, which: 'all' | 'listen' | 'pool'): Promise<number> {
  const pattern = which === 'listen' ? `baton:${schema}:listen` : which === 'pool' ? `baton:${schema}` : `baton:${schema}%`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE $1 AND pid <> pg_backend_pid()`,
      [pattern],
    );
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

export async function countBackends(url: string, applicationName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return rows[0].n;
  } finally {
    await admin.end();
  }
}
