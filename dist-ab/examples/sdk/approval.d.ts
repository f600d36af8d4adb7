declare const _default: import("../../src/index.js").Workflow<{
    route: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    auto_approve: {
        output: import("../../src/index.js").JsonValue;
        upstream: "route";
    };
    manual_review: {
        output: import("../../src/index.js").JsonValue;
        upstream: "route";
    };
    notify: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            route: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            auto_approve: {
                output: import("../../src/index.js").JsonValue;
                upstream: "route";
            };
            manual_review: {
                output: import("../../src/index.js").JsonValue;
                upstream: "route";
            };
        }, "auto_approve" | "manual_review">;
    };
}, import("../../src/index.js").JsonObject, "notify", false>;
export default _default;
