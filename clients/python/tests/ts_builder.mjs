// The TypeScript builder's side of test_builder.py: for each example workflow
// of examples/sdk (built into dist/), its raw template (toRaw) and stored
// definition (build); and, for the Python builder's raw templates read from
// the file named in argv[2], the stored definition validateTemplate makes of them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const load = (path) => import(pathToFileURL(join(repo, 'dist', path)).href);

const { validateTemplate } = await load('src/domain/template-validate.js');
const { ref, workflow } = await load('src/index.js');

// What the examples do not show: every other kind and option, as test_builder.py's `extras` writes them in Python.
const extras = workflow('pyb', 'extras', '2.1.0', { onFailure: 'continue', timeoutSeconds: null, defaults: { timeoutSeconds: null, retry: { jitter: false } } })
  .step('start', 'pyb.start', { timeoutSeconds: 5, labels: { zone: 'eu' }, retry: { maxMs: 100, baseMs: 10, maxAttempts: 2 } })
  .step('split', 'pyb.split', { kind: 'fan_out', dependsOn: ['start'], fanOut: { each: 'work', batchSize: 2, items: ref.step('start', 'items') } })
  .step('work', 'pyb.work', { dependsOn: ['split'], timeoutSeconds: null })
  .wait('paid', { event: 'payment.received', match: ref.context('order_id'), timeout: '1h', onTimeout: 'fail' }, { dependsOn: ['work'] })
  .sleep('until', { until: ref.step('start', 'resume_at') }, { dependsOn: ['start'] })
  .workflow('invoice', { namespace: 'billing', name: 'invoice', version: '3' }, { dependsOn: ['paid', 'until'], context: { order: ref.context('order_id'), n: 1 }, retry: { maxAttempts: 2 } })
  .workflow('latest', { namespace: 'billing', name: 'audit' }, { context: {} })
  .options({ description: 'every kind', inputSchema: { type: 'object' } });

const python = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = {};
for (const [name, pyRaw] of Object.entries(python)) {
  const wf = name === 'extras' ? extras : (await load(`examples/sdk/${name}.js`)).default;
  let pyBuilt;
  try {
    pyBuilt = validateTemplate(pyRaw);
  } catch (err) {
    pyBuilt = { error: String(err?.message ?? err), details: err?.details ?? null };
  }
  out[name] = { ts_raw: wf.toRaw(), ts_built: wf.build(), py_built: pyBuilt };
}
process.stdout.write(JSON.stringify(out));
