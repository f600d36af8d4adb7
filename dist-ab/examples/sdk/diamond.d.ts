declare const _default: import("../../src/index.js").Workflow<{
    load: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    square: {
        output: import("../../src/index.js").JsonValue;
        upstream: "load";
    };
    double: {
        output: import("../../src/index.js").JsonValue;
        upstream: "load";
    };
    combine: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            load: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            square: {
                output: import("../../src/index.js").JsonValue;
                upstream: "load";
            };
            double: {
                output: import("../../src/index.js").JsonValue;
                upstream: "load";
            };
        }, "square" | "double">;
    };
}, import("../../src/index.js").JsonObject, "combine", false>;
export default _default;
