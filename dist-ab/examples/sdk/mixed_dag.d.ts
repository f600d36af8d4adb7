declare const _default: import("../../src/index.js").Workflow<{
    load_customers: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    load_orders: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    join_orders: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            load_customers: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            load_orders: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
        }, "load_customers" | "load_orders">;
    };
    check_customers: {
        output: import("../../src/index.js").JsonValue;
        upstream: "load_customers";
    };
    totals_by_customer: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            load_customers: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            load_orders: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            join_orders: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    load_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    load_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                }, "load_customers" | "load_orders">;
            };
            check_customers: {
                output: import("../../src/index.js").JsonValue;
                upstream: "load_customers";
            };
        }, "join_orders">;
    };
    order_stats: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            load_customers: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            load_orders: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            join_orders: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    load_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    load_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                }, "load_customers" | "load_orders">;
            };
            check_customers: {
                output: import("../../src/index.js").JsonValue;
                upstream: "load_customers";
            };
            totals_by_customer: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    load_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    load_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    join_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            load_customers: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            load_orders: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                        }, "load_customers" | "load_orders">;
                    };
                    check_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "load_customers";
                    };
                }, "join_orders">;
            };
        }, "join_orders">;
    };
    report: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            load_customers: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            load_orders: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            join_orders: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    load_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    load_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                }, "load_customers" | "load_orders">;
            };
            check_customers: {
                output: import("../../src/index.js").JsonValue;
                upstream: "load_customers";
            };
            totals_by_customer: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    load_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    load_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    join_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            load_customers: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            load_orders: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                        }, "load_customers" | "load_orders">;
                    };
                    check_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "load_customers";
                    };
                }, "join_orders">;
            };
            order_stats: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    load_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    load_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    join_orders: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            load_customers: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            load_orders: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                        }, "load_customers" | "load_orders">;
                    };
                    check_customers: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: "load_customers";
                    };
                    totals_by_customer: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            load_customers: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            load_orders: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            join_orders: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    load_customers: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    load_orders: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                }, "load_customers" | "load_orders">;
                            };
                            check_customers: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: "load_customers";
                            };
                        }, "join_orders">;
                    };
                }, "join_orders">;
            };
        }, "check_customers" | "totals_by_customer" | "order_stats">;
    };
}, import("../../src/index.js").JsonObject, "report", false>;
export default _default;
