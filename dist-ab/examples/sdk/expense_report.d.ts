declare const _default: import("../../src/index.js").Workflow<{
    collect: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    summarise: {
        output: import("../../src/index.js").JsonValue;
        upstream: "collect";
    };
}, import("../../src/index.js").JsonObject, "summarise", false>;
export default _default;
