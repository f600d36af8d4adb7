/**
 * Random DAG workflows for the I6 property test (test/e2e/causal-property.test.ts):
 * a seeded generator of templates, task contexts that say how each step behaves,
 * and a plan of submissions, cancels and signals. Steps no worker runs are among
 * them: short sleeps, and waits for a signal with a short timeout that skips or fails.
 */
import type { TaskRequest } from '../../src/core/submit.js';
import type { JsonObject } from '../../src/domain/types.js';

export interface Rng {
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  /** `k` distinct elements of `xs`, in their order. */
  sample<T>(xs: readonly T[], k: number): T[];
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    sample(xs, k) {
      const picked = new Set<number>();
      while (picked.size < Math.min(k, xs.length)) picked.add(int(0, xs.length - 1));
      return [...picked].sort((x, y) => x - y).map((i) => xs[i]);
    },
  };
}

export type Kind = 'task' | 'decision' | 'fan_out' | 'sleep' | 'wait';
export interface GenStep {
  name: string;
  kind: Kind;
  deps: string[];
  baseMs: number;
  fanOut?: { each: string; batchSize: number };
  /** kind sleep: how long, 100-500 ms. */
  sleepMs?: number;
  /** kind wait: its signal (`go_<step>`), timeout (300-800 ms) and what the timeout does. */
  wait?: { signal: string; timeoutMs: number; onTimeout: 'skip' | 'fail' };
}
export interface GenTemplate {
  name: string;
  onFailure: 'stop' | 'continue';
  steps: GenStep[];
}

const dependentsOf = (t: GenTemplate, name: string) => t.steps.filter((s) => s.deps.includes(name)).map((s) => s.name);

/**
 * 3-12 steps; edges only from earlier to later steps (a DAG). Step 0 is always
 * a plain root step, so the forced rounds of `planTasks` can fail it. A
 * fan-out's `each` is the next step, depending on the fan-out alone (a handler
 * step: a fan-out copies no sleep or wait).
 */
function generateTemplate(rng: Rng, name: string): GenTemplate {
  const n = rng.int(3, 12);
  const steps: GenStep[] = [];
  for (let i = 0; i < n; i++) {
    const stepName = `s${i}`;
    const baseMs = rng.int(20, 200);
    const prev = steps[i - 1];
    if (prev?.kind === 'fan_out') {
      steps.push({ name: stepName, kind: 'task', deps: [prev.name], baseMs });
      continue;
    }
    const deps =
      i === 0 || rng.chance(0.1)
        ? []
        : rng.sample(
            steps.map((s) => s.name),
            rng.int(1, Math.min(3, i)),
          );
    const r = rng.next();
    const kind: Kind = i === 0 ? 'task' : r < 0.2 ? 'decision' : r < 0.35 && i < n - 1 ? 'fan_out' : r < 0.43 ? 'sleep' : r < 0.53 ? 'wait' : 'task';
    steps.push({
      name: stepName,
      kind,
      deps,
      baseMs,
      ...(kind === 'fan_out' ? { fanOut: { each: `s${i + 1}`, batchSize: rng.int(1, 3) } } : {}),
      ...(kind === 'sleep' ? { sleepMs: rng.int(1, 5) * 100 } : {}),
      ...(kind === 'wait' ? { wait: { signal: `go_${stepName}`, timeoutMs: rng.int(3, 8) * 100, onTimeout: rng.chance(0.5) ? ('skip' as const) : ('fail' as const) } } : {}),
    });
  }
  return { name, onFailure: rng.chance(0.5) ? 'stop' : 'continue', steps };
}

/** The first decision that can skip something: it has two or more dependents. */
const skippingDecision = (t: GenTemplate) => t.steps.find((s) => s.kind === 'decision' && dependentsOf(t, s.name).length >= 2);

const waitSteps = (t: GenTemplate) => t.steps.filter((s) => s.wait !== undefined);

/** `count` templates, drawn again until they hold a skipping decision, a fan-out, a sleep, waits that skip and fail, and both failure modes. */
export function generateTemplates(rng: Rng, count: number): GenTemplate[] {
  for (;;) {
    const templates = Array.from({ length: count }, (_, i) => generateTemplate(rng, `random_${i}`));
    const waits = templates.flatMap(waitSteps);
    if (
      templates.some(skippingDecision) &&
      templates.some((t) => t.steps.some((s) => s.kind === 'fan_out')) &&
      templates.some((t) => t.steps.some((s) => s.kind === 'sleep')) &&
      waits.some((w) => w.wait!.onTimeout === 'skip') &&
      waits.some((w) => w.wait!.onTimeout === 'fail') &&
      templates.some((t) => t.onFailure === 'stop') &&
      templates.some((t) => t.onFailure === 'continue')
    ) {
      return templates;
    }
  }
}

const seconds = (ms: number) => `${ms / 1000}s`;

export function toDefinition(t: GenTemplate): object {
  const handler = { task: 'prop.work', decision: 'prop.decide', fan_out: 'prop.fan' } as const;
  return {
    namespace: 'prop',
    name: t.name,
    version: '1',
    on_failure: t.onFailure,
    steps: t.steps.map((s) =>
      s.kind === 'sleep' || s.kind === 'wait'
        ? {
            name: s.name,
            kind: s.kind,
            ...(s.deps.length > 0 ? { depends_on: s.deps } : {}),
            ...(s.sleepMs !== undefined ? { sleep: { duration: seconds(s.sleepMs) } } : {}),
            ...(s.wait ? { wait: { signal: s.wait.signal, timeout: seconds(s.wait.timeoutMs), on_timeout: s.wait.onTimeout } } : {}),
          }
        : {
            name: s.name,
            handler: handler[s.kind],
            ...(s.kind === 'task' ? {} : { kind: s.kind }),
            ...(s.deps.length > 0 ? { depends_on: s.deps } : {}),
            retry: { max_attempts: 3, backoff: 'fixed', base_ms: s.baseMs },
            ...(s.kind === 'decision' ? { params: { activate: `\${context.activate.${s.name}}` } } : {}),
            ...(s.fanOut ? { params: { n: `\${context.items.${s.name}}` }, fan_out: { each: s.fanOut.each, batch_size: s.fanOut.batchSize } } : {}),
          },
    ),
  };
}

export type FailMode = 'twice' | 'always' | 'permanent';
export interface StepBehaviour extends JsonObject {
  activate: Record<string, string[]>;
  items: Record<string, number>;
  fail: Record<string, FailMode>;
  sleep: Record<string, number>;
  abortable: boolean;
}

/** Every decision activates all its dependents, every fan-out has two items, nothing fails. */
export function cleanContext(t: GenTemplate): StepBehaviour {
  const ctx: StepBehaviour = { activate: {}, items: {}, fail: {}, sleep: {}, abortable: false };
  for (const s of t.steps) {
    if (s.kind === 'decision') ctx.activate[s.name] = dependentsOf(t, s.name);
    if (s.kind === 'fan_out') ctx.items[s.name] = 2;
  }
  return ctx;
}

export function randomContext(rng: Rng, t: GenTemplate): StepBehaviour {
  const ctx: StepBehaviour = { activate: {}, items: {}, fail: {}, sleep: {}, abortable: rng.chance(0.5) };
  const runnable: string[] = [];
  for (const s of t.steps) {
    if (s.kind === 'decision') ctx.activate[s.name] = dependentsOf(t, s.name).filter(() => rng.chance(0.6));
    if (s.fanOut) {
      const items = rng.int(0, 6);
      ctx.items[s.name] = items;
      for (let k = 0; k < Math.ceil(items / s.fanOut.batchSize); k++) runnable.push(`${s.fanOut.each}[${k}]`);
    }
    // A fan-out's `each` runs no handler itself: its instances do; nor does a sleep or a wait.
    if (!t.steps.some((f) => f.fanOut?.each === s.name) && s.kind !== 'sleep' && s.kind !== 'wait') runnable.push(s.name);
  }
  for (const name of runnable) {
    const r = rng.next();
    if (r < 0.07) ctx.fail[name] = 'twice';
    else if (r < 0.09) ctx.fail[name] = 'always';
    else if (r < 0.11) ctx.fail[name] = 'permanent';
    if (rng.chance(0.5)) ctx.sleep[name] = rng.int(0, 20);
  }
  return ctx;
}

/** A signal to send to a task's wait step, this long after its wave was submitted. */
export interface PlannedSignal {
  name: string;
  afterMs: number;
}

export interface PlannedTask {
  request: TaskRequest;
  /** When set, the task is cancelled this long after its wave was submitted. */
  cancelAfterMs?: number;
  signals: PlannedSignal[];
}

/**
 * `total` tasks, round-robin over the templates. The first seven rounds are
 * forced, so every run covers every kind whatever the seed: 0 clean, 1 step s0
 * fails twice then succeeds, 2 s0 fails every attempt, 3 cancelled while s0
 * sleeps, 4 a decision skips a branch, 5 clean but the waits that skip on
 * timeout get no signal, 6 likewise the waits that fail (nothing else fails in
 * those rounds, so each such wait is reached and times out). Otherwise in rounds
 * 0-6 every wait's signal is sent at once (kept until its step waits, or delivered). Later rounds are random: about `cancelShare`
 * of all tasks are cancelled, and each wait's signal is sent with even odds,
 * at a time that may come before, during or after the wait.
 */
export function planTasks(rng: Rng, templates: GenTemplate[], total: number, cancelShare: number): PlannedTask[] {
  const forced = 7 * templates.length;
  const cancelChance = Math.max(0, (cancelShare * total - templates.length) / Math.max(1, total - forced));
  return Array.from({ length: total }, (_, k) => {
    const t = templates[k % templates.length];
    const round = Math.floor(k / templates.length);
    let context = cleanContext(t);
    let cancelAfterMs: number | undefined;
    let signals: PlannedSignal[] = waitSteps(t).map((w) => ({ name: w.wait!.signal, afterMs: 0 }));
    const decision = skippingDecision(t);
    if (round === 1) context.fail.s0 = 'twice';
    else if (round === 2) context.fail.s0 = 'always';
    else if (round === 3) {
      context.sleep.s0 = 2000;
      context.abortable = rng.chance(0.5);
      cancelAfterMs = rng.int(0, 400);
    } else if (round === 4 && decision) context.activate[decision.name] = dependentsOf(t, decision.name).slice(0, 1);
    else if (round === 5 || round === 6) {
      const withheld = round === 5 ? 'skip' : 'fail';
      signals = waitSteps(t)
        .filter((w) => w.wait!.onTimeout !== withheld)
        .map((w) => ({ name: w.wait!.signal, afterMs: 0 }));
    } else if (round >= 4) {
      context = randomContext(rng, t);
      if (rng.chance(cancelChance)) cancelAfterMs = rng.int(0, 1500);
      signals = signals.filter(() => rng.chance(0.5)).map((sig) => ({ ...sig, afterMs: rng.int(0, 1200) }));
    }
    return { request: { namespace: 'prop', name: t.name, context }, ...(cancelAfterMs === undefined ? {} : { cancelAfterMs }), signals };
  });
}
