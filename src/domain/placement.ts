/** A worker as placement sees it. */
export interface WorkerCapability {
  handlers: string[];
  labels: Record<string, string>;
  state: string;
}

/** Whether a worker may take a step: it registered the handler and has every label the step asks for. */
export function canRun(worker: WorkerCapability, step: { handler: string; labels: Record<string, string> }): boolean {
  return worker.handlers.includes(step.handler) && Object.entries(step.labels).every(([k, v]) => worker.labels[k] === v);
}

/** Why a ready step is not being picked up by any live worker, or null when one can take it. */
export function placementProblem(step: { handler: string; labels: Record<string, string> }, workers: WorkerCapability[]): string | null {
  const withHandler = workers.filter((w) => w.handlers.includes(step.handler));
  if (withHandler.length === 0) return `no live worker has handler ${step.handler}`;
  const fits = withHandler.filter((w) => canRun(w, step));
  if (fits.length === 0) return `no live worker with handler ${step.handler} has labels ${JSON.stringify(step.labels)}`;
  if (fits.every((w) => w.state === 'draining')) return `every worker that can run ${step.handler} is draining`;
  return null;
}

/** A worker with more labels than this is matched against the label sets ready steps have (read from the index) instead of a list of its subsets. */
export const MAX_LISTED_LABELS = 4;

/**
 * The label sets a worker with `labels` can run (every subset of its labels,
 * the empty set first), or null when it has more than `max` labels (2^max
 * sets). A step runs on the worker exactly when its label set is one of them
 * (`canRun`): the claim reads one index range per set instead of filtering
 * every ready step's labels.
 */
export function matchingLabelSets(labels: Record<string, string>, max = MAX_LISTED_LABELS): Record<string, string>[] | null {
  const entries = Object.entries(labels);
  if (entries.length > max) return null;
  const sets: Record<string, string>[] = [];
  for (let mask = 0; mask < 1 << entries.length; mask++) sets.push(Object.fromEntries(entries.filter((_, i) => (mask & (1 << i)) !== 0)));
  return sets;
}
