/**
 * Types of the overview page (overview-view.js): the stats answer as the
 * server builds it, and the chart library, which the page loads as a classic
 * script (`/dashboard/vendor/uPlot.iife.min.js`) that sets `window.uPlot`.
 * Types only, like types.d.ts.
 */
import type uPlot from 'uplot';
import type { StatsView } from '../../core/overview-stats.js';

export type { StatsView };
export type UPlot = uPlot;
export type UPlotConstructor = typeof uPlot;
export type UPlotOptions = uPlot.Options;

declare global {
  interface Window {
    uPlot?: typeof uPlot;
  }
}
