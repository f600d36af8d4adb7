"""The example workflows of examples/templates (and examples/sdk, in TypeScript), written with the Python builder.

Each one stores the same definition as its YAML file and its TypeScript
builder twin: tests/test_builder.py checks that. Register them with
``BatonClient(url).register_template(EXAMPLES["diamond"])``.
"""
from baton_worker import ref, workflow

# The defaults most examples share.
DEFAULTS = {"retry": {"max_attempts": 3, "backoff": "exponential", "base_ms": 200, "max_ms": 2000}, "timeout_seconds": 30}

amount = ref.context("amount")
approval = (
    workflow("examples", "approval", "1.0.0",
             description="Approve an expense automatically under a threshold, otherwise after a manual review, then notify the requester (a decision step and a join)",
             input_schema={"type": "object", "required": ["request_id", "requester", "amount"],
                           "properties": {"request_id": {"type": "string"}, "requester": {"type": "string"}, "amount": {"type": "number", "minimum": 0}}},
             defaults=DEFAULTS)
    # A decision: its handler returns {"activate": ["auto_approve"]} or {"activate": ["manual_review"]}.
    .decision("route", "examples.route_by_amount", params={"amount": amount, "threshold": 500})
    .step("auto_approve", "examples.auto_approve", depends_on=["route"], params={"amount": amount})
    .step("manual_review", "examples.manual_review", depends_on=["route"], params={"amount": amount, "limit": 5000})
    # The join runs after whichever branch ran; the skipped one is not waited for.
    .step("notify", "examples.notify", depends_on=["auto_approve", "manual_review"],
          params={"request_id": ref.context("request_id"), "requester": ref.context("requester")})
)

batch_resize = (
    workflow("examples", "batch_resize", "1.0.0",
             description="Resize a list of images in parallel batches of three, then summarize the batches in order (fan-out and fan-in)",
             input_schema={"type": "object", "required": ["max_width", "images"], "properties": {
                 "max_width": {"type": "integer", "minimum": 1},
                 "images": {"type": "array", "items": {"type": "object", "required": ["name", "width", "height"], "properties": {
                     "name": {"type": "string"}, "width": {"type": "integer"}, "height": {"type": "integer"}}}}}},
             defaults=DEFAULTS)
    # list_images returns {"items": [...]}; one `resize` instance runs per chunk of 3 items.
    .fan_out("list_images", "examples.list_images", each="resize", batch_size=3, params={"images": ref.context("images")})
    .step("resize", "examples.resize", depends_on=["list_images"], params={"max_width": ref.context("max_width")})
    .step("summarize", "examples.summarize_resize", depends_on=["resize"])
)

value = ref.step("load", "value")
diamond = (
    workflow("examples", "diamond", "1.0.0",
             description="Load a number, square it and double it in parallel, then combine both results (fan-out and fan-in)",
             input_schema={"type": "object", "required": ["value", "label"], "properties": {"value": {"type": "number"}, "label": {"type": "string"}}},
             defaults=DEFAULTS)
    .step("load", "examples.load_number", params={"value": ref.context("value")})
    .step("square", "examples.square", depends_on=["load"], params={"x": value})
    .step("double", "examples.double", depends_on=["load"], params={"x": value})
    .step("combine", "examples.combine", depends_on=["square", "double"], params={
        "square": ref.step("square", "value"),
        "double": ref.step("double", "value"),
        "summary": f"{ref.context('label')}: {value}^2 + 2*{value} = {ref.step('square', 'value')} + {ref.step('double', 'value')}",
    })
)

expense_approval = (
    workflow("examples", "expense_approval", "1.0.0",
             description="A manager approves or rejects an expense within 48 h (a signal); silence escalates; the requester is reminded 3 days later (a durable sleep)",
             input_schema={"type": "object", "required": ["request_id", "requester", "amount"],
                           "properties": {"request_id": {"type": "string"}, "requester": {"type": "string"}, "amount": {"type": "number", "minimum": 0}}},
             defaults=DEFAULTS)
    .step("submit", "examples.submit_expense",
          params={"request_id": ref.context("request_id"), "requester": ref.context("requester"), "amount": ref.context("amount")})
    # No handler: the engine waits for the signal `approval`, whose payload the schema checks.
    .wait("manager_approval", signal="approval", timeout="48h", on_timeout="skip", depends_on=["submit"],
          schema={"type": "object", "properties": {"approved": {"type": "boolean"}, "comment": {"type": "string"}}, "required": ["approved"]})
    .decision("route", "examples.route_approval", depends_on=["submit", "manager_approval"])
    .step("record", "examples.record_decision", depends_on=["route"], params={"request_id": ref.context("request_id")})
    .step("escalate", "examples.escalate", depends_on=["route"], params={"request_id": ref.context("request_id"), "to": "finance-director"})
    .sleep("remind_in_3_days", duration="3d", depends_on=["record", "escalate"])
    .step("remind", "examples.remind", depends_on=["remind_in_3_days"],
          params={"requester": ref.context("requester"), "request_id": ref.context("request_id")})
)

expense_report = (
    workflow("examples", "expense_report", "1.0.0",
             description="Collect the expense claims of a period and total them by category (submitted nightly by a schedule)",
             input_schema={"type": "object", "properties": {"period": {"type": "string", "enum": ["day", "week"]},
                                                            "currency": {"type": "string", "enum": ["EUR", "GBP", "USD"]}},
                           "required": ["period", "currency"]},
             defaults=DEFAULTS)
    .step("collect", "examples.collect_expenses", params={"period": ref.context("period")})
    .step("summarise", "examples.summarise_expenses", depends_on=["collect"], params={"currency": ref.context("currency")})
)

import_with_checkpoint = (
    workflow("examples", "import_with_checkpoint", "1.0.0",
             description="Import records, checkpointing every ten, and resume a retried attempt from its last checkpoint (checkpoints)",
             input_schema={"type": "object", "required": ["records"], "properties": {
                 "records": {"type": "integer", "minimum": 0, "maximum": 100000},
                 "fail_at": {"type": "integer", "minimum": 0, "description": "simulate a failure at this record"},
                 "fail_times": {"type": "integer", "minimum": 0, "description": "how many times to fail there (default 1)"}}},
             # Retries stay on: a failed attempt is retried, and resumes from its last checkpoint.
             defaults={"retry": {"max_attempts": 3, "backoff": "fixed", "base_ms": 200}, "timeout_seconds": 30})
    .step("import", "examples.import_records", params={"records": ref.context("records"), "every": 10})
    .step("verify", "examples.verify_import", depends_on=["import"], params={
        "expected": ref.context("records"), "imported": ref.step("import", "imported"), "total": ref.step("import", "total")})
)

invoice = (
    workflow("examples", "invoice", "1.0.0",
             description="Price the lines of an invoice and add tax, with params validated by zod (typed handlers)",
             # What the TypeScript twin's zod `input` schema becomes.
             input_schema={"type": "object", "properties": {
                 "customer": {"type": "string", "minLength": 1}, "currency": {"type": "string"},
                 "lines": {"minItems": 1, "type": "array", "items": {"type": "object", "properties": {}}}},
                 "required": ["customer", "currency", "lines"]},
             defaults=DEFAULTS)
    .step("price_lines", "examples.price_lines", params={"lines": ref.context("lines"), "currency": ref.context("currency")})
    .step("total", "examples.invoice_total", depends_on=["price_lines"], params={"customer": ref.context("customer"), "tax_rate": 0.2})
)

linear = (
    workflow("examples", "linear", "1.0.0",
             description="Fetch a CSV of readings, parse it, scale every value and store the result (a sequential pipeline)",
             input_schema={"type": "object", "required": ["source", "raw", "factor"], "properties": {
                 "source": {"type": "string", "minLength": 1},
                 "raw": {"type": "string", "description": 'comma-separated numbers, e.g. "3,1,4"'},
                 "factor": {"type": "number"}}},
             # Sequential: each step without depends_on follows the one before it.
             mode="sequential", defaults=DEFAULTS)
    .step("fetch", "examples.fetch", params={"source": ref.context("source"), "raw": ref.context("raw")})
    .step("parse", "examples.parse", params={"body": ref.step("fetch", "body")})
    .step("transform", "examples.transform", params={"values": ref.step("parse", "values"), "factor": ref.context("factor")})
    # A reference inside a longer string is interpolated as text.
    .step("store", "examples.store", params={"key": f"readings/{ref.context('source')}", "values": ref.step("transform", "values")})
)

mixed_dag = (
    workflow("examples", "mixed_dag", "1.0.0",
             description="Join customers with their orders, compute per-customer totals and order statistics, audit customers, and build a sales report (two roots, fan-out and fan-in)",
             input_schema={"type": "object", "required": ["period", "customers", "orders"], "properties": {
                 "period": {"type": "string"},
                 "customers": {"type": "array", "items": {"type": "object", "required": ["id", "name"], "properties": {
                     "id": {"type": "string"}, "name": {"type": "string"}, "active": {"type": "boolean"}}}},
                 "orders": {"type": "array", "items": {"type": "object", "required": ["id", "customer", "amount"], "properties": {
                     "id": {"type": "string"}, "customer": {"type": "string"}, "amount": {"type": "number"}}}}}},
             defaults=DEFAULTS)
    .step("load_customers", "examples.load_records", params={"records": ref.context("customers")})
    .step("load_orders", "examples.load_records", params={"records": ref.context("orders")})
    .step("join_orders", "examples.join_orders", depends_on=["load_customers", "load_orders"],
          params={"customers": ref.step("load_customers", "records"), "orders": ref.step("load_orders", "records")})
    .step("check_customers", "examples.check_customers", depends_on=["load_customers"], params={"customers": ref.step("load_customers", "records")})
    .step("totals_by_customer", "examples.totals_by_customer", depends_on=["join_orders"], params={"rows": ref.step("join_orders", "rows")})
    .step("order_stats", "examples.order_stats", depends_on=["join_orders"], params={"rows": ref.step("join_orders", "rows")})
    .step("report", "examples.report", depends_on=["totals_by_customer", "order_stats", "check_customers"], params={
        "title": f"Sales report {ref.context('period')}",
        "totals": ref.step("totals_by_customer", "totals"),
        "revenue": ref.step("order_stats", "revenue"),
        "orders": ref.step("order_stats", "count"),
        "inactive": ref.step("check_customers", "inactive"),
    })
)

order_fulfillment = (
    workflow("shop", "order_fulfillment", "1.0.0",
             description="Validate, reserve, charge and ship an order",
             input_schema={"type": "object", "required": ["order_id", "items"], "properties": {"order_id": {"type": "string"}, "items": {"type": "array"}}},
             timeout_seconds=600, on_failure="stop",
             defaults={"retry": {"max_attempts": 3, "backoff": "exponential", "base_ms": 300, "max_ms": 5000, "jitter": True}, "timeout_seconds": 60})
    .step("validate_order", "shop.validate_order", params={"order_id": ref.context("order_id")})
    .step("reserve_inventory", "shop.reserve_inventory", depends_on=["validate_order"], params={"items": ref.step("validate_order", "items")})
    .step("charge_payment", "shop.charge_payment", depends_on=["validate_order"], retry={"max_attempts": 5, "backoff": "fixed", "base_ms": 500})
    .step("ship_order", "shop.ship_order", depends_on=["reserve_inventory", "charge_payment"], timeout_seconds=120)
)

placement = (
    workflow("examples", "placement", "1.0.0",
             description="Load a number on any worker, then square it on a worker labelled gpu=true (placement by labels)",
             input_schema={"type": "object", "required": ["value"], "properties": {"value": {"type": "number"}}},
             defaults=DEFAULTS)
    .step("load", "examples.load_number", params={"value": ref.context("value")})
    .step("render", "examples.square", depends_on=["load"], labels={"gpu": "true"}, params={"x": ref.step("load", "value")})
)

tree = (
    workflow("examples", "tree", "1.0.0",
             description="Split a list of numbers into halves and quarters, sum each quarter in parallel, then join the four sums",
             input_schema={"type": "object", "required": ["numbers"], "properties": {"numbers": {"type": "array", "items": {"type": "number"}}}},
             defaults=DEFAULTS)
    .step("root", "examples.split", params={"items": ref.context("numbers")})
    .step("left", "examples.split", depends_on=["root"], params={"items": ref.step("root", "first")})
    .step("right", "examples.split", depends_on=["root"], params={"items": ref.step("root", "second")})
    .step("left_low", "examples.sum", depends_on=["left"], params={"items": ref.step("left", "first")})
    .step("left_high", "examples.sum", depends_on=["left"], params={"items": ref.step("left", "second")})
    .step("right_low", "examples.sum", depends_on=["right"], params={"items": ref.step("right", "first")})
    .step("right_high", "examples.sum", depends_on=["right"], params={"items": ref.step("right", "second")})
    .step("join", "examples.join_sums", depends_on=["left_low", "left_high", "right_low", "right_high"], params={
        "sums": [ref.step("left_low", "sum"), ref.step("left_high", "sum"), ref.step("right_low", "sum"), ref.step("right_high", "sum")]})
)

# By the name of their file in examples/templates (and examples/sdk).
EXAMPLES = {wf.name: wf for wf in (approval, batch_resize, diamond, expense_approval, expense_report, import_with_checkpoint,
                                   invoice, linear, mixed_dag, order_fulfillment, placement, tree)}
