declare const _default: import("../../src/index.js").Workflow<{
    list_images: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    resize: {
        output: import("../../src/index.js").JsonValue;
        upstream: "list_images";
    };
    summarize: {
        output: {
            batches: number;
            batch_sizes: number[];
            images: number;
            resized: number;
            names: string[];
        };
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            list_images: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            resize: {
                output: import("../../src/index.js").JsonValue;
                upstream: "list_images";
            };
        }, "resize">;
    };
}, import("../../src/index.js").JsonObject, "summarize", false>;
export default _default;
