// @ts-check
// The step graph as SVG, laid out here (no graph library): steps are placed in
// columns by longest path from a root (a step sits one column right of its
// deepest dependency), rows inside a column are ordered by the barycentre of
// their neighbours to cut edge crossings, edges are cubic curves.

import { s } from './dom.js';
import { shortTime } from './waiting.js';

/** @typedef {import('./types.js').WaitingView} WaitingView */
/** The child task a waiting workflow step waits for, and its status when known. @typedef {{ id: string, status: string | null }} DagChild */
/**
 * A step to draw: a task's step (with its state, for a waiting step what it
 * waits for and the child it started, and for a ready step held back why) or
 * a template's (without; a sleep, wait or workflow step has its spec).
 * @typedef {{ name: string, depends_on?: string[], state?: string, attempts?: number, handler?: string, kind?: string,
 *   waiting?: WaitingView | null, waiting_reason?: string | null, child?: DagChild | null, sleep?: import('./types.js').SleepSpec, wait?: import('./types.js').WaitSpec,
 *   workflow?: { namespace: string, name: string, version?: string } }} DagStep
 */
/** @typedef {{ name: string, x: number, y: number }} DagNode */

const NODE_W = 184;
// Room for a third line: what a waiting step waits for, and until when.
const NODE_H = 60;
const GAP_X = 64;
const GAP_Y = 22;
const PAD = 16;
const MAX_LABEL = 22;
const MAX_HELD_LINE = 28;

/**
 * Column of every step: 0 for roots, else 1 + the deepest dependency. Unknown names and cycles count as roots.
 * @param {DagStep[]} steps
 */
function assignLayers(steps) {
  const byName = new Map(steps.map((st) => [st.name, st]));
  /** @type {Map<string, number>} */
  const layer = new Map();
  /** @type {Set<string>} */
  const visiting = new Set();
  /** @type {(name: string) => number} */
  const depth = (name) => {
    const known = layer.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    // `depth` is only asked about names of `steps`.
    const step = /** @type {DagStep} */ (byName.get(name));
    const deps = (step.depends_on ?? []).filter((d) => byName.has(d));
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(depth));
    visiting.delete(name);
    layer.set(name, d);
    return d;
  };
  for (const st of steps) depth(st.name);
  return layer;
}

/**
 * Positions for `steps` ({name, depends_on}): {nodes: [{name, x, y}], edges: [{from, to}], width, height}.
 * @param {DagStep[]} steps
 */
export function layoutDag(steps) {
  const layerOf = assignLayers(steps);
  const names = new Set(steps.map((st) => st.name));
  const parents = new Map(steps.map((st) => [st.name, (st.depends_on ?? []).filter((d) => names.has(d))]));
  /** @type {Map<string, string[]>} */
  const children = new Map(steps.map((st) => [st.name, []]));
  // Every name below is a step's (parents keep only those), so the lookups cannot miss: hence the casts.
  for (const [child, deps] of parents) for (const d of deps) /** @type {string[]} */ (children.get(d)).push(child);

  /** @type {string[][]} */
  const layers = [];
  for (const st of steps) (layers[/** @type {number} */ (layerOf.get(st.name))] ??= []).push(st.name);
  /** @type {Map<string, number>} */
  const row = new Map();
  layers.forEach((l) => l.forEach((n, i) => row.set(n, i)));
  const rowOf = (/** @type {string} */ n) => /** @type {number} */ (row.get(n));
  /** @type {(n: string, neighbours: Map<string, string[]>) => number} */
  const barycentre = (n, neighbours) => {
    const ns = /** @type {string[]} */ (neighbours.get(n));
    return ns.length === 0 ? rowOf(n) : ns.reduce((sum, m) => sum + rowOf(m), 0) / ns.length;
  };
  // A few down and up sweeps are enough for workflow-sized graphs.
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? layers.slice(1) : layers.slice(0, -1).reverse();
    for (const l of order) {
      const key = new Map(l.map((n) => [n, barycentre(n, down ? parents : children)]));
      l.sort((a, b) => /** @type {number} */ (key.get(a)) - /** @type {number} */ (key.get(b)));
      l.forEach((n, i) => row.set(n, i));
    }
  }

  const tallest = Math.max(1, ...layers.map((l) => l.length));
  /** @type {DagNode[]} */
  const nodes = [];
  layers.forEach((l, col) => {
    const offset = ((tallest - l.length) * (NODE_H + GAP_Y)) / 2;
    l.forEach((name, i) => nodes.push({ name, x: PAD + col * (NODE_W + GAP_X), y: PAD + offset + i * (NODE_H + GAP_Y) }));
  });
  /** @type {{ from: string, to: string }[]} */
  const edges = [];
  for (const [child, deps] of parents) for (const d of deps) edges.push({ from: d, to: child });
  return {
    nodes,
    edges,
    width: PAD * 2 + Math.max(1, layers.length) * (NODE_W + GAP_X) - GAP_X,
    height: PAD * 2 + tallest * (NODE_H + GAP_Y) - GAP_Y,
  };
}

/**
 * @param {string} text
 * @param {number} [max]
 */
const clip = (text, max = MAX_LABEL) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The third line, clipped: a held-back step's reason is given the node's full width (its smaller font fits it).
 * @param {DagStep} step
 */
const clipWaitLine = (step) => clip(waitLine(step), step.state === 'ready' ? MAX_HELD_LINE : MAX_LABEL);

/**
 * A worker-less step's spec in a few words: `signal approval`, `event paid`, `3d`.
 * @param {DagStep} step
 */
function specSummary(step) {
  if (step.wait) return step.wait.signal ? `signal ${step.wait.signal}` : `event ${step.wait.event ?? ''}`;
  if (step.sleep) return step.sleep.duration ?? 'until a time';
  if (step.workflow) return `${step.workflow.namespace}/${step.workflow.name}`;
  return step.handler ?? '';
}

/** @param {DagStep} step */
function subtitle(step) {
  if (!step.state) return step.kind && step.kind !== 'task' ? `${step.kind} · ${specSummary(step)}` : (step.handler ?? '');
  const { waiting } = step;
  if (step.state === 'waiting' && waiting) {
    if (waiting.for === 'workflow') return `child ${waiting.name ?? ''}`;
    return waiting.for === 'sleep' ? 'sleeping' : `waits ${waiting.for} ${waiting.name ?? ''}`;
  }
  const attempts = step.attempts !== undefined && step.attempts > 1 ? ` · attempt ${step.attempts}` : '';
  return `${step.state.replaceAll('_', ' ')}${attempts}`;
}

/**
 * The child a waiting workflow step waits for, if known.
 * @param {DagStep} step
 * @returns {DagChild | null}
 */
function waitedChild(step) {
  const { waiting } = step;
  if (step.state !== 'waiting' || waiting?.for !== 'workflow' || !waiting.key) return null;
  return step.child?.id === waiting.key ? step.child : { id: waiting.key, status: null };
}

/**
 * A ready step's `waiting_reason` in a few words for its node (the step details have the sentence):
 * `held: key customer:42 full`, `held: rate limit stripe`, else the reason's start.
 * @param {string} reason
 */
function heldLine(reason) {
  const quoted = /"([^"]*)"/.exec(reason)?.[1];
  if (quoted !== undefined && reason.startsWith('concurrency key')) return `held: key ${quoted} full`;
  if (quoted !== undefined && reason.startsWith('rate limit')) return `held: rate limit ${quoted}`;
  return `held: ${reason}`;
}

/**
 * The third line: for a waiting step, the child's live status, or an event's key, and the time the wait
 * ends by itself; for a ready step held back (no worker can take it, its concurrency key or rate limit is full), why.
 * @param {DagStep} step
 */
function waitLine(step) {
  const { waiting } = step;
  if (step.state === 'ready' && step.waiting_reason) return heldLine(step.waiting_reason);
  if (step.state !== 'waiting' || !waiting) return '';
  const child = waitedChild(step);
  if (child) return `↳ ${(child.status ?? 'starting').replaceAll('_', ' ')} · ${child.id.slice(0, 8)}`;
  const until = waiting.until ? `until ${shortTime(waiting.until)}` : 'no timeout';
  return waiting.for === 'event' ? `key ${waiting.key ?? ''} · ${until}` : until;
}

/**
 * The node's accessible name: its state, and for a waiting step the untruncated wait.
 * @param {DagStep} step
 */
const nodeLabel = (step) =>
  [`${step.name}: ${step.state ?? 'template'}`, step.state === 'ready' ? step.waiting_reason : waitLine(step) && subtitle(step), step.state === 'ready' ? '' : waitLine(step)]
    .filter(Boolean)
    .join(', ');

/**
 * Points a node's child link at the child its step waits for, or makes it no link.
 * @param {SVGAElement} link
 * @param {DagStep} step
 */
function showChild(link, step) {
  const child = waitedChild(step);
  if (child) {
    link.setAttribute('href', `#/tasks/${encodeURIComponent(child.id)}`);
    link.setAttribute('data-child', child.id);
    link.setAttribute('data-child-status', child.status ?? '');
    link.setAttribute('aria-label', `Open child task ${child.id}${child.status ? ` (${child.status})` : ''}`);
  } else {
    for (const attr of ['href', 'data-child', 'data-child-status', 'aria-label']) link.removeAttribute(attr);
  }
}

/**
 * Draws `steps` ({name, depends_on, state?, attempts?, handler?, kind?}).
 * Nodes carry `data-state` and a `state-<state>` class (template graphs use
 * `state-template`), and call `onSelect(name)` on click or Enter/Space.
 * A waiting workflow step's third line is a link to its child task, with the
 * child's status (`setChild`).
 * Returns {element, setState(name, state, attempts?, waiting?), setChild(name, child), select(name), has(name)}.
 * @param {DagStep[]} steps
 * @param {{ onSelect?: (name: string) => void, label?: string, testid?: string }} [options]
 */
export function renderDag(steps, { onSelect, label = 'Step graph', testid = 'dag' } = {}) {
  const layout = layoutDag(steps);
  const byName = new Map(steps.map((st) => [st.name, st]));
  const at = new Map(layout.nodes.map((n) => [n.name, n]));
  /** @type {Map<string, { g: SVGGElement, sub: SVGTextElement, wait: SVGTextElement, link: SVGAElement, step: DagStep }>} */
  const nodeEls = new Map();
  /** @type {SVGPathElement[]} */
  const edgeEls = [];

  const svg = s('svg', {
    class: 'dag',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'group',
    'aria-label': label,
    'data-testid': testid,
  });
  svg.append(
    s(
      'defs',
      {},
      s(
        'marker',
        { id: `${testid}-arrow`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }),
      ),
    ),
  );

  const edgeLayer = s('g', { class: 'edges' });
  // Edges and nodes name laid-out steps only, so these lookups cannot miss: hence the casts.
  for (const e of layout.edges) {
    const a = /** @type {DagNode} */ (at.get(e.from));
    const b = /** @type {DagNode} */ (at.get(e.to));
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x - 2;
    const y2 = b.y + NODE_H / 2;
    const bend = Math.max(24, (x2 - x1) / 2);
    const path = s('path', {
      class: `edge state-${/** @type {DagStep} */ (byName.get(e.from)).state ?? 'template'}`,
      d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      'marker-end': `url(#${testid}-arrow)`,
      'data-from': e.from,
      'data-to': e.to,
    });
    edgeEls.push(path);
    edgeLayer.append(path);
  }
  svg.append(edgeLayer);

  const nodeLayer = s('g', { class: 'nodes' });
  for (const n of layout.nodes) {
    const step = /** @type {DagStep} */ (byName.get(n.name));
    const state = step.state ?? 'template';
    const sub = s('text', { x: 12, y: 37, class: 'node-sub' }, clip(subtitle(step)));
    const wait = s('text', { x: 12, y: 52, class: 'node-wait', 'data-testid': `step-wait-${n.name}` }, clipWaitLine(step));
    // The third line links to the child task while a workflow step waits for one (an `a` without href is no link).
    const link = s('a', { class: 'node-child', 'data-testid': `step-child-${n.name}` }, wait);
    const g = s(
      'g',
      {
        class: `node state-${state}`,
        transform: `translate(${n.x} ${n.y})`,
        tabindex: 0,
        role: 'button',
        'aria-label': nodeLabel(step),
        'data-step': n.name,
        'data-state': state,
        'data-testid': `step-node-${n.name}`,
        onclick: () => onSelect?.(n.name),
        onkeydown: (ev) => {
          // Enter on the child link inside the node follows the link.
          if (ev.target !== ev.currentTarget) return;
          const { key } = /** @type {KeyboardEvent} */ (ev);
          if (key === 'Enter' || key === ' ') {
            ev.preventDefault();
            onSelect?.(n.name);
          }
        },
      },
      s('title', {}, n.name),
      s('rect', { width: NODE_W, height: NODE_H, rx: 9, ry: 9 }),
      s('circle', { cx: NODE_W - 14, cy: 14, r: 5, class: 'dot' }),
      s('text', { x: 12, y: 21, class: 'node-name' }, clip(n.name)),
      sub,
      link,
    );
    showChild(link, step);
    nodeEls.set(n.name, { g, sub, wait, link, step });
    nodeLayer.append(g);
  }
  svg.append(nodeLayer);

  return {
    element: svg,
    has: (/** @type {string} */ name) => nodeEls.has(name),
    /**
     * `waiting` (what a waiting step waits for) is kept until a state other than 'waiting' clears it;
     * `reason` (why a ready step is held back) until a state other than 'ready' does, or a reload without one
     * (a stream's transition carries neither: `undefined` keeps them).
     * @param {string} name
     * @param {string} state
     * @param {number | null} [attempts]
     * @param {WaitingView | null} [waiting]
     * @param {string | null} [reason]
     */
    setState(name, state, attempts, waiting, reason) {
      const node = nodeEls.get(name);
      if (!node) return;
      const waits = state === 'waiting' ? (waiting ?? node.step.waiting) : null;
      const held = state === 'ready' ? (reason === undefined ? node.step.waiting_reason : reason) : null;
      node.step = { ...node.step, state, ...(attempts ? { attempts } : {}), waiting: waits, waiting_reason: held };
      node.g.setAttribute('class', `node state-${state}${node.g.classList.contains('selected') ? ' selected' : ''}`);
      node.g.setAttribute('data-state', state);
      node.g.setAttribute('aria-label', nodeLabel(node.step));
      node.sub.textContent = clip(subtitle(node.step));
      node.wait.textContent = clipWaitLine(node.step);
      showChild(node.link, node.step);
      for (const e of edgeEls) if (e.getAttribute('data-from') === name) e.setAttribute('class', `edge state-${state}`);
    },
    /**
     * The child task a workflow step started, with its status: shown (and linked) while the step waits for it.
     * @param {string} name
     * @param {DagChild | null} child
     */
    setChild(name, child) {
      const node = nodeEls.get(name);
      if (!node || (node.step.child?.id === child?.id && node.step.child?.status === child?.status)) return;
      node.step = { ...node.step, child };
      node.g.setAttribute('aria-label', nodeLabel(node.step));
      node.wait.textContent = clipWaitLine(node.step);
      showChild(node.link, node.step);
    },
    /** @param {string} name */
    select(name) {
      for (const [n, node] of nodeEls) node.g.classList.toggle('selected', n === name);
    },
  };
}
