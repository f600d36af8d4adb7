/**
 * The dashboard's static files as the server sends them: the page and every
 * module it imports, with a strict content security policy, and nothing else
 * (no path outside the assets directory).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes, loadDashboardAssets } from '../../src/dashboard/plugin.js';
import { TERMINAL_STEP_STATES, TERMINAL_TASK_STATUSES } from '../../src/domain/state-machine.js';
import { TaskStatuses } from '../../src/domain/types.js';

describe('dashboard assets', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(dashboardRoutes);
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves the page at / with a content security policy that allows only this origin', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('<script type="module" src="/dashboard/app.js">');
  });

  it('serves every module the page imports, with a JavaScript content type', async () => {
    const pending = ['app.js'];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const res = await app.inject({ method: 'GET', url: `/dashboard/${file}` });
      expect(res.statusCode, file).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      for (const m of res.body.matchAll(/from '\.\/([a-z-]+\.js)'/g)) pending.push(m[1]);
    }
    expect([...seen].sort()).toEqual([...loadDashboardAssets().keys()].filter((f) => f.endsWith('.js')).sort());
    const css = await app.inject({ method: 'GET', url: '/dashboard/style.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves the state sets as a module generated from the domain, so the page keeps no copy of them', async () => {
    const res = await app.inject({ method: 'GET', url: '/dashboard/states.js' });
    expect(res.statusCode).toBe(200);
    const states = (await import(`data:text/javascript,${encodeURIComponent(res.body)}`)) as Record<string, unknown>;
    expect(states.TASK_STATUSES).toEqual(Object.values(TaskStatuses));
    expect(states.TASK_STATUSES).toContain('waiting_for_retry');
    expect([...(states.TERMINAL_TASK_STATUSES as Set<string>)]).toEqual([...TERMINAL_TASK_STATUSES]);
    expect([...(states.TERMINAL_STEP_STATES as Set<string>)]).toEqual([...TERMINAL_STEP_STATES]);
    for (const file of ['task-view.js', 'tasks-view.js']) {
      const body = (await app.inject({ method: 'GET', url: `/dashboard/${file}` })).body;
      expect(body, file).not.toMatch(/'complete', 'error', 'cancelled'/);
    }
  });

  it("serves the chart library from its installed package under /dashboard/vendor/, with the page's headers", async () => {
    const js = await app.inject({ method: 'GET', url: '/dashboard/vendor/uPlot.iife.min.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.body).toContain('uPlot');
    const css = await app.inject({ method: 'GET', url: '/dashboard/vendor/uPlot.min.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for names that are not assets, including paths that climb out', async () => {
    for (const url of ['/dashboard/nothing.js', '/dashboard/../package.json', '/dashboard/%2e%2e/%2e%2e/package.json', '/dashboard/plugin.ts']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
  });
});
