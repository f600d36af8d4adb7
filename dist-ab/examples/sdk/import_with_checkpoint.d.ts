declare const _default: import("../../src/index.js").Workflow<{
    import: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    verify: {
        output: import("../../src/index.js").JsonValue;
        upstream: "import";
    };
}, import("../../src/index.js").JsonObject, "verify", false>;
export default _default;
