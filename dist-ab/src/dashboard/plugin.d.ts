import type { FastifyInstance } from 'fastify';
/** Path prefix of the asset files; `GET /` serves `index.html`. */
export declare const DASHBOARD_PREFIX = "/dashboard/";
interface Asset {
    body: Buffer;
    type: string;
}
/** The assets directory: beside this file under src/, or back in src/ when running compiled from dist/src/ (tsc copies no assets). */
export declare function dashboardAssetsDir(): string;
/** Reads every asset once; the set of files is fixed at start, so a request can only name one of them. */
export declare function loadDashboardAssets(dir?: string): Map<string, Asset>;
/** `states.js`: the domain's state sets for the page, generated so that the page never keeps a copy of them. */
export declare function statesModule(): string;
/** Registers `GET /` and `GET /dashboard/<file>`. */
export declare function dashboardRoutes(app: FastifyInstance): Promise<void>;
export {};
