import { type BatonStartOptions, type Middleware } from '../../src/index.js';
export declare const price: import("../../src/index.js").HandlerRegistration<{
    sku: string;
    qty: number;
}, {
    sku: string;
    cents: number;
}, import("../../src/index.js").UpstreamResults>;
export declare const receipt: import("../../src/index.js").HandlerRegistration<unknown, {
    line: string;
}, {
    price: {
        sku: string;
        cents: number;
    };
}>;
export declare const checkout: import("../../src/index.js").Workflow<{
    price: {
        output: {
            sku: string;
            cents: number;
        };
        upstream: never;
    };
    receipt: {
        output: {
            line: string;
        };
        upstream: "price";
    };
}, {
    sku: string;
    qty: number;
}, "receipt", false>;
/** Logs every step before and after its handler. */
export declare const audit: Middleware;
/** Starts Baton, runs one order and stops; returns the receipt line. */
export declare function run(opts?: Partial<BatonStartOptions>): Promise<string | undefined>;
