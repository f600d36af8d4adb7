declare const _default: import("../../src/index.js").Workflow<{
    validate_order: {
        output: import("../../src/index.js").JsonValue;
        upstream: never;
    };
    reserve_inventory: {
        output: import("../../src/index.js").JsonValue;
        upstream: "validate_order";
    };
    charge_payment: {
        output: {
            charge_id: string;
            amount_cents: number;
            total: number;
            currency: string;
            idempotency_key: string;
        };
        upstream: "validate_order";
    };
    ship_order: {
        output: {
            order_id: string;
            tracking_id: string;
            carrier: string;
            reservation_id: import("../../src/index.js").JsonValue;
            units: import("../../src/index.js").JsonValue;
            charge_id: import("../../src/index.js").JsonValue;
            total: import("../../src/index.js").JsonValue;
            currency: import("../../src/index.js").JsonValue;
        };
        upstream: import("../../src/sdk/type-checks.js").UpstreamOf<{
            validate_order: {
                output: import("../../src/index.js").JsonValue;
                upstream: never;
            };
            reserve_inventory: {
                output: import("../../src/index.js").JsonValue;
                upstream: "validate_order";
            };
            charge_payment: {
                output: {
                    charge_id: string;
                    amount_cents: number;
                    total: number;
                    currency: string;
                    idempotency_key: string;
                };
                upstream: "validate_order";
            };
        }, "reserve_inventory" | "charge_payment">;
    };
}, import("../../src/index.js").JsonObject, "ship_order", false>;
export default _default;
