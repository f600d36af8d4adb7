declare const _default: import("../../src/index.js").Workflow<{
    fetch: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    parse: {
        output: import("../../src/index.js").JsonValue;
        upstream: "fetch";
    };
    transform: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            fetch: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            parse: {
                output: import("../../src/index.js").JsonValue;
                upstream: "fetch";
            };
        }, "parse">;
    };
    store: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            fetch: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            parse: {
                output: import("../../src/index.js").JsonValue;
                upstream: "fetch";
            };
            transform: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    fetch: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    parse: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "fetch";
                    };
                }, "parse">;
            };
        }, "transform">;
    };
}, import("../../src/index.js").JsonObject, "store", true>;
export default _default;
