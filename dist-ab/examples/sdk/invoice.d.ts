declare const _default: import("../../src/index.js").Workflow<{
    price_lines: {
        output: {
            currency: "USD" | "EUR" | "GBP";
            lines: {
                sku: string;
                qty: number;
                cents: number;
            }[];
            subtotal_cents: number;
        };
        upstream: never;
    };
    total: {
        output: {
            customer: string;
            currency: "USD" | "EUR" | "GBP";
            subtotal_cents: number;
            tax_cents: number;
            total_cents: number;
            total: string;
        };
        upstream: "price_lines";
    };
}, {
    customer: string;
    currency: string;
    lines: Record<string, never>[];
}, "total", false>;
export default _default;
