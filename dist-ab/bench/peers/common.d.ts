import pg from 'pg';
import { type ShapeName } from '../../src/bench/index.js';
export declare function packageVersion(name: string): string;
/** One connection for the harness's own queries (counting rows), apart from the system's pool. */
export declare function connect(url: string): Promise<pg.Client>;
/** Counts one integer. */
export declare function count(client: pg.Client, sql: string, params?: unknown[]): Promise<number>;
/** What a DAG job carries: which workflow instance, of which shape, and which step. */
export interface StepPayload {
    w: number;
    shape: ShapeName;
    step: string;
}
/** The DAG mix of the `dag` workload, interleaved the same way as Baton's submissions. */
export declare function dagInstances(diamond: number, mixed: number): {
    w: number;
    shape: ShapeName;
}[];
export declare const dependents: Record<ShapeName, Record<string, string[]>>;
export declare function stepsOf(instances: {
    shape: ShapeName;
}[]): number;
/** Splits `items` into arrays of at most `size`. */
export declare function batches<T>(items: T[], size: number): T[][];
