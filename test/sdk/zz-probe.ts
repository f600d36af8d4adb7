import { z } from 'zod';
import { defineHandler, ref, workflow } from '../../src/index.js';
const submit = defineHandler('w.submit', () => ({ due_at: '2030-01-01T00:00:00Z', order_id: 'o-1' }));
const act = defineHandler('w.act', { input: z.object({ approved: z.boolean() }) }, (ctx) => ({ done: ctx.params.approved }));
const flag = defineHandler('w.flag', () => ({ approved: true as boolean }));
const a = workflow('w', 'p', '1').step('submit', submit).wait('approve', { signal: 'approval', schema: z.object({ approved: z.boolean() }) });
a.step('act', act, { dependsOn: ['approve'], params: { approved: ref.step('approve', 'approved') } });
const b = workflow('w', 'p', '1').step('approve', flag);
b.step('act', act, { dependsOn: ['approve'], params: { approved: ref.step('approve', 'approved') } });
