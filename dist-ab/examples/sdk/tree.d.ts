declare const _default: import("../../src/index.js").Workflow<{
    root: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    left: {
        output: import("../../src/index.js").JsonValue;
        upstream: "root";
    };
    right: {
        output: import("../../src/index.js").JsonValue;
        upstream: "root";
    };
    left_low: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            root: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            left: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            right: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
        }, "left">;
    };
    left_high: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            root: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            left: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            right: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            left_low: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                }, "left">;
            };
        }, "left">;
    };
    right_low: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            root: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            left: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            right: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            left_low: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                }, "left">;
            };
            left_high: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    left_low: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                        }, "left">;
                    };
                }, "left">;
            };
        }, "right">;
    };
    right_high: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            root: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            left: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            right: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            left_low: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                }, "left">;
            };
            left_high: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    left_low: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                        }, "left">;
                    };
                }, "left">;
            };
            right_low: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    left_low: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                        }, "left">;
                    };
                    left_high: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            left_low: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    root: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    left: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                    right: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                }, "left">;
                            };
                        }, "left">;
                    };
                }, "right">;
            };
        }, "right">;
    };
    join: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            root: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            left: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            right: {
                output: import("../../src/index.js").JsonValue;
                upstream: "root";
            };
            left_low: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                }, "left">;
            };
            left_high: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    left_low: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                        }, "left">;
                    };
                }, "left">;
            };
            right_low: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    left_low: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                        }, "left">;
                    };
                    left_high: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            left_low: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    root: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    left: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                    right: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                }, "left">;
                            };
                        }, "left">;
                    };
                }, "right">;
            };
            right_high: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    root: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    left: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    right: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "root";
                    };
                    left_low: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                        }, "left">;
                    };
                    left_high: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            left_low: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    root: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    left: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                    right: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                }, "left">;
                            };
                        }, "left">;
                    };
                    right_low: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            root: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            left: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            right: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "root";
                            };
                            left_low: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    root: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    left: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                    right: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                }, "left">;
                            };
                            left_high: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    root: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    left: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                    right: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: "root";
                                    };
                                    left_low: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                            root: {
                                                output: import("../../src/index.js").JsonValue;
                                                upstream: never;
                                            };
                                            left: {
                                                output: import("../../src/index.js").JsonValue;
                                                upstream: "root";
                                            };
                                            right: {
                                                output: import("../../src/index.js").JsonValue;
                                                upstream: "root";
                                            };
                                        }, "left">;
                                    };
                                }, "left">;
                            };
                        }, "right">;
                    };
                }, "right">;
            };
        }, "left_low" | "left_high" | "right_low" | "right_high">;
    };
}, import("../../src/index.js").JsonObject, "join", false>;
export default _default;
