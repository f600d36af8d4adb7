declare const _default: import("../../src/index.js").Workflow<{
    load: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    render: {
        output: import("../../src/index.js").JsonValue;
        upstream: "load";
    };
}, import("../../src/index.js").JsonObject, "render", false>;
export default _default;
