declare const _default: import("../../src/index.js").Workflow<{
    submit: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    manager_approval: {
        output: {
            approved: boolean;
            comment?: string | undefined;
        };
        upstream: "submit";
        signal: "approval";
    };
    route: {
        output: {
            activate: string[];
            reason: string;
        };
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            submit: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            manager_approval: {
                output: {
                    approved: boolean;
                    comment?: string | undefined;
                };
                upstream: "submit";
                signal: "approval";
            };
        }, "manager_approval" | "submit">;
    };
    record: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            submit: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            manager_approval: {
                output: {
                    approved: boolean;
                    comment?: string | undefined;
                };
                upstream: "submit";
                signal: "approval";
            };
            route: {
                output: {
                    activate: string[];
                    reason: string;
                };
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                }, "manager_approval" | "submit">;
            };
        }, "route">;
    };
    escalate: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            submit: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            manager_approval: {
                output: {
                    approved: boolean;
                    comment?: string | undefined;
                };
                upstream: "submit";
                signal: "approval";
            };
            route: {
                output: {
                    activate: string[];
                    reason: string;
                };
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                }, "manager_approval" | "submit">;
            };
            record: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                    route: {
                        output: {
                            activate: string[];
                            reason: string;
                        };
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                        }, "manager_approval" | "submit">;
                    };
                }, "route">;
            };
        }, "route">;
    };
    remind_in_3_days: {
        output: {
            slept_until: string;
        };
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            submit: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            manager_approval: {
                output: {
                    approved: boolean;
                    comment?: string | undefined;
                };
                upstream: "submit";
                signal: "approval";
            };
            route: {
                output: {
                    activate: string[];
                    reason: string;
                };
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                }, "manager_approval" | "submit">;
            };
            record: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                    route: {
                        output: {
                            activate: string[];
                            reason: string;
                        };
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                        }, "manager_approval" | "submit">;
                    };
                }, "route">;
            };
            escalate: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                    route: {
                        output: {
                            activate: string[];
                            reason: string;
                        };
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                        }, "manager_approval" | "submit">;
                    };
                    record: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                            route: {
                                output: {
                                    activate: string[];
                                    reason: string;
                                };
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    submit: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    manager_approval: {
                                        output: {
                                            approved: boolean;
                                            comment?: string | undefined;
                                        };
                                        upstream: "submit";
                                        signal: "approval";
                                    };
                                }, "manager_approval" | "submit">;
                            };
                        }, "route">;
                    };
                }, "route">;
            };
        }, "record" | "escalate">;
    };
    remind: {
        output: import("../../src/index.js").JsonValue;
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            submit: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            manager_approval: {
                output: {
                    approved: boolean;
                    comment?: string | undefined;
                };
                upstream: "submit";
                signal: "approval";
            };
            route: {
                output: {
                    activate: string[];
                    reason: string;
                };
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                }, "manager_approval" | "submit">;
            };
            record: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                    route: {
                        output: {
                            activate: string[];
                            reason: string;
                        };
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                        }, "manager_approval" | "submit">;
                    };
                }, "route">;
            };
            escalate: {
                output: import("../../src/index.js").JsonValue;
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                    route: {
                        output: {
                            activate: string[];
                            reason: string;
                        };
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                        }, "manager_approval" | "submit">;
                    };
                    record: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                            route: {
                                output: {
                                    activate: string[];
                                    reason: string;
                                };
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    submit: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    manager_approval: {
                                        output: {
                                            approved: boolean;
                                            comment?: string | undefined;
                                        };
                                        upstream: "submit";
                                        signal: "approval";
                                    };
                                }, "manager_approval" | "submit">;
                            };
                        }, "route">;
                    };
                }, "route">;
            };
            remind_in_3_days: {
                output: {
                    slept_until: string;
                };
                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                    submit: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: never;
                    };
                    manager_approval: {
                        output: {
                            approved: boolean;
                            comment?: string | undefined;
                        };
                        upstream: "submit";
                        signal: "approval";
                    };
                    route: {
                        output: {
                            activate: string[];
                            reason: string;
                        };
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                        }, "manager_approval" | "submit">;
                    };
                    record: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                            route: {
                                output: {
                                    activate: string[];
                                    reason: string;
                                };
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    submit: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    manager_approval: {
                                        output: {
                                            approved: boolean;
                                            comment?: string | undefined;
                                        };
                                        upstream: "submit";
                                        signal: "approval";
                                    };
                                }, "manager_approval" | "submit">;
                            };
                        }, "route">;
                    };
                    escalate: {
                        output: import("../../src/index.js").JsonValue;
                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                            submit: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: never;
                            };
                            manager_approval: {
                                output: {
                                    approved: boolean;
                                    comment?: string | undefined;
                                };
                                upstream: "submit";
                                signal: "approval";
                            };
                            route: {
                                output: {
                                    activate: string[];
                                    reason: string;
                                };
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    submit: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    manager_approval: {
                                        output: {
                                            approved: boolean;
                                            comment?: string | undefined;
                                        };
                                        upstream: "submit";
                                        signal: "approval";
                                    };
                                }, "manager_approval" | "submit">;
                            };
                            record: {
                                output: import("../../src/index.js").JsonValue;
                                upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                    submit: {
                                        output: import("../../src/index.js").JsonValue;
                                        upstream: never;
                                    };
                                    manager_approval: {
                                        output: {
                                            approved: boolean;
                                            comment?: string | undefined;
                                        };
                                        upstream: "submit";
                                        signal: "approval";
                                    };
                                    route: {
                                        output: {
                                            activate: string[];
                                            reason: string;
                                        };
                                        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
                                            submit: {
                                                output: import("../../src/index.js").JsonValue;
                                                upstream: never;
                                            };
                                            manager_approval: {
                                                output: {
                                                    approved: boolean;
                                                    comment?: string | undefined;
                                                };
                                                upstream: "submit";
                                                signal: "approval";
                                            };
                                        }, "manager_approval" | "submit">;
                                    };
                                }, "route">;
                            };
                        }, "route">;
                    };
                }, "record" | "escalate">;
            };
        }, "remind_in_3_days">;
    };
}, import("../../src/index.js").JsonObject, "remind", false>;
export default _default;
