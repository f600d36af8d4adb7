export declare const collectExpenses: import("../../src/index.js").HandlerRegistration<{
    period: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const summariseExpenses: import("../../src/index.js").HandlerRegistration<{
    currency: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>;
export declare const expenseReportHandlers: (import("../../src/index.js").HandlerRegistration<{
    period: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults> | import("../../src/index.js").HandlerRegistration<{
    currency: string;
}, import("../../src/index.js").JsonValue, import("../../src/index.js").UpstreamResults>)[];
