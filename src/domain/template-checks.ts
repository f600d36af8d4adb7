/**
 * Rules across fields and steps: unique names, dependencies, cycles, fan-out
 * targets, JSON params and `${...}` references, merged retry bounds.
 *
 * These run on the raw input even when its shape has problems, reading only
 * the parts that look right, so that one error can list every problem.
 * Everything is O(steps + edges) except the reference check, which walks
 * upstream sets and is skipped past the step cap (the template is rejected
 * by the cap anyway, and 10,000 steps must still be answered quickly).
 */
import { findCycle, reachableFrom } from './dag.js';
import { findReferencesInString, parseWholeReference, type Reference } from './references.js';
import { TemplateLimits } from './template-schema.js';
import type { IssueCollector, IssuePath } from './template-issues.js';
import { DEFAULT_RETRY } from './types.js';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the checks need to know about the steps, built once. */
interface StepGraph {
  steps: Raw[];
  names: (string | undefined)[];
  /** First index of each name (later duplicates are issues). */
  indexOf: Map<string, number>;
  /** Effective dependencies (sequential mode expanded), known names only, no self, no repeats. */
  edges: Map<string, string[]>;
}

function buildGraph(rawSteps: unknown[], sequential: boolean, issues: IssueCollector): StepGraph {
  const steps = rawSteps.map((s) => (isRecord(s) ? s : {}));
  const names = steps.map((s) => (typeof s.name === 'string' && s.name !== '' ? s.name : undefined));
  const indexOf = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === undefined) return;
    const first = indexOf.get(name);
    if (first === undefined) indexOf.set(name, i);
    else issues.add(['steps', i, 'name'], `is already used by steps[${first}]; step names must be unique`);
  });
  const edges = new Map<string, string[]>();
  steps.forEach((step, i) => {
    const name = names[i];
    const deps: string[] = [];
    if (Array.isArray(step.depends_on)) {
      const seen = new Set<string>();
      step.depends_on.forEach((dep: unknown, k) => {
        if (typeof dep !== 'string') return; // a shape issue already
        const at = ['steps', i, 'depends_on', k];
        if (dep === name) issues.add(at, 'names the step itself; a step cannot depend on itself');
        else if (seen.has(dep)) issues.add(at, `lists "${dep}" more than once`);
        else if (!indexOf.has(dep)) issues.add(at, `names unknown step "${dep}"`);
        else deps.push(dep);
        seen.add(dep);
      });
    } else if (step.depends_on === undefined && sequential && i > 0 && names[i - 1] !== undefined) {
      // mode: sequential: a step that names no depends_on follows the one listed before it.
      deps.push(names[i - 1] as string);
    }
    if (name !== undefined && indexOf.get(name) === i) edges.set(name, deps);
  });
  return { steps, names, indexOf, edges };
}

/** Longest cycle spelt out in full; a 10,000-step cycle would make an unreadable message. */
const CYCLE_SHOWN = 20;

function describeCycle(cycle: string[]): string {
  if (cycle.length <= CYCLE_SHOWN) return cycle.join(' -> ');
  const head = cycle.slice(0, CYCLE_SHOWN / 2);
  const tail = cycle.slice(-CYCLE_SHOWN / 2);
  return `${head.join(' -> ')} -> ... (${cycle.length - CYCLE_SHOWN} more) -> ${tail.join(' -> ')}`;
}

function checkCycle(graph: StepGraph, issues: IssueCollector): void {
  const cycle = findCycle([...graph.indexOf.keys()], graph.edges);
  if (cycle) {
    issues.add(['steps', graph.indexOf.get(cycle[0]) as number, 'depends_on'], `forms a cycle: ${describeCycle(cycle)}`);
  }
}

function checkFanOut(graph: StepGraph, i: number, issues: IssueCollector): void {
  const step = graph.steps[i];
  const name = graph.names[i];
  if (step.kind === 'fan_out' && step.fan_out === undefined) {
    issues.add(['steps', i, 'fan_out'], 'is required when kind is fan_out (fan_out: { each: <step name> })');
    return;
  }
  if (step.fan_out !== undefined && step.kind !== 'fan_out') {
    issues.add(['steps', i, 'fan_out'], 'is only allowed when kind is fan_out');
    return;
  }
  if (!isRecord(step.fan_out) || typeof step.fan_out.each !== 'string') return;
  const each = step.fan_out.each;
  const at = ['steps', i, 'fan_out', 'each'];
  if (each === name) issues.add(at, 'names the step itself; it must name a step downstream of it');
  else if (!graph.indexOf.has(each)) issues.add(at, `names unknown step "${each}"`);
  else if (name !== undefined && !(graph.edges.get(each) ?? []).includes(name)) {
    // The instances are created from this step's items, so they must wait for it.
    issues.add(at, `names step "${each}", which must list "${name}" in depends_on`);
  } else if (name !== undefined && (graph.edges.get(each) ?? []).length !== 1) {
    // Instances are created when this step completes; another dependency could still be running then.
    issues.add(at, `names step "${each}", which must depend on "${name}" only`);
  }
}

/** Checks one reference found at `at`; `upstream` is computed only when needed. */
function checkReference(ref: Reference, at: IssuePath, graph: StepGraph, i: number, upstream: () => Set<string> | null, issues: IssueCollector): void {
  const name = graph.names[i];
  if (ref.path.some((s) => s === '') || ref.step === '') {
    issues.add(at, `has an empty path segment in "${ref.raw}"`);
  } else if (ref.root === 'unknown') {
    issues.add(at, `uses unknown reference root "${ref.path[0]}" in "${ref.raw}"; use \${context...} or \${steps.<name>...}`);
  } else if (ref.root === 'steps' && ref.step === undefined) {
    issues.add(at, `names no step in "${ref.raw}"; use \${steps.<name>...}`);
  } else if (ref.root === 'steps' && ref.step !== undefined) {
    if (!graph.indexOf.has(ref.step)) {
      issues.add(at, `refers to unknown step "${ref.step}" in "${ref.raw}"`);
      return;
    }
    if (ref.step === name) {
      issues.add(at, `refers to the step itself in "${ref.raw}"; a step can only read upstream outputs`);
      return;
    }
    const up = upstream();
    if (up !== null && !up.has(ref.step)) {
      issues.add(at, `refers to step "${ref.step}", which is not upstream of "${name ?? `steps[${i}]`}"; add "${ref.step}" to depends_on`);
    }
  }
}

/** A value that survives JSON: finite numbers, strings, booleans, null, arrays and plain objects. */
function isJsonLeafOrContainer(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return true;
  if (typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function checkParams(graph: StepGraph, i: number, upstream: () => Set<string> | null, issues: IssueCollector): void {
  const params = graph.steps[i].params;
  if (!isRecord(params)) return;
  // Iterative walk with paths: params may nest deeply.
  const stack: { value: unknown; at: PropertyKey[] }[] = [{ value: params, at: ['steps', i, 'params'] }];
  while (stack.length > 0) {
    const { value, at } = stack.pop() as { value: unknown; at: PropertyKey[] };
    if (!isJsonLeafOrContainer(value)) {
      issues.add(at, 'must be JSON: a string, finite number, boolean, null, list or object');
    } else if (typeof value === 'string') {
      for (const ref of findReferencesInString(value)) checkReference(ref, at, graph, i, upstream, issues);
    } else if (Array.isArray(value)) {
      for (let k = value.length - 1; k >= 0; k--) stack.push({ value: value[k], at: [...at, k] });
    } else if (isRecord(value)) {
      for (const key of Object.keys(value).reverse()) stack.push({ value: value[key], at: [...at, key] });
    }
  }
}

function checkReferences(graph: StepGraph, i: number, withUpstream: boolean, issues: IssueCollector): void {
  const name = graph.names[i];
  let cached: Set<string> | null | undefined;
  // Computed at most once per step, and only for steps that reference steps.
  const upstream = (): Set<string> | null => {
    if (cached === undefined) cached = withUpstream && name !== undefined ? reachableFrom(name, graph.edges) : null;
    return cached;
  };
  checkParams(graph, i, upstream, issues);
  const fanOut = graph.steps[i].fan_out;
  if (isRecord(fanOut) && typeof fanOut.items === 'string') {
    const at = ['steps', i, 'fan_out', 'items'];
    const ref = parseWholeReference(fanOut.items);
    if (ref === null) issues.add(at, 'must be a single ${...} reference, such as "${steps.list.items}"');
    else checkReference(ref, at, graph, i, upstream, issues);
  }
}

function retryPart(value: unknown): Raw {
  return isRecord(value) ? value : {};
}

/** max_ms must not be below base_ms once a partial retry is merged over its defaults. */
function checkMergedRetry(defaultsRetry: Raw, own: Raw, at: IssuePath, issues: IssueCollector): void {
  const pick = (key: 'base_ms' | 'max_ms'): unknown => own[key] ?? defaultsRetry[key] ?? DEFAULT_RETRY[key];
  const base = pick('base_ms');
  const max = pick('max_ms');
  // Only compare values that are valid on their own; the shape check reports the rest.
  const valid = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= TemplateLimits.maxDelayMs;
  if (valid(base) && valid(max) && max < base) {
    issues.add([...at, 'max_ms'], `(${max}) must be at least retry.base_ms (${base}) once merged with the defaults`);
  }
}

/**
 * Runs the cross-field rules over a raw template, adding each problem to
 * `issues`. Safe on any input: malformed parts are skipped (the shape check
 * reports them).
 */
export function checkTemplateRules(input: unknown, issues: IssueCollector, knownHandlers?: ReadonlySet<string>): void {
  if (!isRecord(input) || !Array.isArray(input.steps)) return;
  const graph = buildGraph(input.steps, input.mode === 'sequential', issues);
  checkCycle(graph, issues);
  const defaults = retryPart(isRecord(input.defaults) ? input.defaults.retry : undefined);
  if (isRecord(input.defaults) && isRecord(input.defaults.retry)) checkMergedRetry({}, defaults, ['defaults', 'retry'], issues);
  const withUpstream = graph.steps.length <= TemplateLimits.maxSteps;
  graph.steps.forEach((step, i) => {
    checkFanOut(graph, i, issues);
    checkReferences(graph, i, withUpstream, issues);
    // Only a step that sets a bound of its own can break it; defaults are checked once above.
    if (isRecord(step.retry) && (step.retry.base_ms !== undefined || step.retry.max_ms !== undefined)) {
      checkMergedRetry(defaults, step.retry, ['steps', i, 'retry'], issues);
    }
    if (knownHandlers && typeof step.handler === 'string' && step.handler !== '' && !knownHandlers.has(step.handler)) {
      issues.add(['steps', i, 'handler'], `"${step.handler}" is not a registered handler`);
    }
  });
}
