/** The closing table: medians per system × workload, and Baton's ratio to each peer. */
import { Headline, Systems, Workloads } from './types.js';
export function median(values) {
    if (values.length === 0)
        return null;
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function medianOf(lines, system, workload, metric) {
    return median(lines.filter((l) => l.system === system && l.workload === workload && !l.error && typeof l[metric] === 'number').map((l) => l[metric]));
}
const fmt = (n, digits = 0) => (n === null ? '–' : n >= 100 || digits === 0 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits));
const ratio = (a, b) => (a === null || b === null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);
/** Medians of every headline figure. pg-boss's `chain_flow` is set against Baton's `chain`. */
export function medianRows(lines) {
    const rows = [];
    for (const workload of Workloads) {
        for (const { metric, higherIsBetter } of Headline[workload]) {
            const values = {};
            for (const system of Systems) {
                const source = workload === 'chain_flow' && system === 'baton' ? 'chain' : workload;
                values[system] = medianOf(lines, system, source, metric);
            }
            if (Object.values(values).some((v) => v !== null))
                rows.push({ workload, metric, higherIsBetter, values });
        }
    }
    return rows;
}
const LABELS = {
    chain_flow: 'chain (pg-boss via flow(); Baton: chain)',
    dag: 'dag (graphile hand-chained; pg-boss via flow())',
    embedded_flat: 'embedded flat (PGlite)',
    embedded_chain: 'embedded chain (PGlite)',
    history: 'history (chain with 1M finished tasks kept)',
};
/** A Markdown table of the medians, Baton's ratio to each peer (for ms and MB, lower is better). */
export function medianTable(lines) {
    const out = ['| workload | figure | Baton | graphile-worker | pg-boss | Baton ÷ graphile-worker | Baton ÷ pg-boss |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |'];
    for (const row of medianRows(lines)) {
        const v = row.values;
        const digits = row.metric.endsWith('_ms') || row.metric.startsWith('ratio') ? 2 : 0;
        const unit = row.metric.replace(/_/g, ' ').replace(' per s', '/s');
        out.push(`| ${LABELS[row.workload] ?? row.workload} | ${unit}${row.higherIsBetter ? '' : ' (lower is better)'} | ${fmt(v.baton ?? null, digits)} | ${fmt(v['graphile-worker'] ?? null, digits)} | ${fmt(v['pg-boss'] ?? null, digits)} | ${ratio(v.baton ?? null, v['graphile-worker'] ?? null)} | ${ratio(v.baton ?? null, v['pg-boss'] ?? null)} |`);
    }
    return out.join('\n');
}
/** Peak RSS (MiB) of each system's process, median over rounds, per workload. */
export function rssTable(lines) {
    const out = ['| workload | Baton | graphile-worker | pg-boss |', '| --- | ---: | ---: | ---: |'];
    for (const workload of Workloads) {
        const values = Systems.map((s) => medianOf(lines, s, workload, 'peak_rss_mb'));
        if (values.some((v) => v !== null))
            out.push(`| ${workload} | ${values.map((v) => fmt(v)).join(' | ')} |`);
    }
    return out.join('\n');
}
//# sourceMappingURL=report.js.map