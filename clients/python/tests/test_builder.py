"""The Python workflow builder makes the same template as the TypeScript builder, and a live Baton runs it."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from typing import Any, Dict

from support import HERE, REPO, RunningWorker, shared_server

sys.path.insert(0, os.path.join(HERE, "..", "examples"))

from workflows import EXAMPLES  # noqa: E402

from baton_worker import BatonClient, Worker, ref, workflow  # noqa: E402

EXAMPLE_FILES = sorted(f[:-5] for f in os.listdir(os.path.join(REPO, "examples", "templates")) if f.endswith(".yaml"))

# ts_builder.mjs builds the same workflow with the TypeScript builder.
extras = (
    workflow("pyb", "extras", "2.1.0", on_failure="continue", timeout_seconds=None, defaults={"timeout_seconds": None, "retry": {"jitter": False}})
    .step("start", "pyb.start", timeout_seconds=5, labels={"zone": "eu"}, retry={"max_ms": 100, "base_ms": 10, "max_attempts": 2})
    .fan_out("split", "pyb.split", each="work", batch_size=2, items=ref.step("start", "items"), depends_on=["start"])
    .step("work", "pyb.work", depends_on=["split"], timeout_seconds=None)
    .wait("paid", event="payment.received", match=ref.context("order_id"), timeout="1h", on_timeout="fail", depends_on=["work"])
    .sleep("until", until=ref.step("start", "resume_at"), depends_on=["start"])
    .workflow("invoice", "billing/invoice@3", depends_on=["paid", "until"], context={"order": ref.context("order_id"), "n": 1}, retry={"max_attempts": 2})
    .workflow("latest", {"namespace": "billing", "name": "audit"}, context={})
    .options(description="every kind", input_schema={"type": "object"})
)


_typescript: Dict[str, Any] = {}


def typescript_side() -> Dict[str, Any]:
    """The TypeScript builder's toRaw() and build() of each workflow, and validateTemplate() of the Python raw templates (one node run)."""
    if not _typescript:
        _typescript.update(_run_typescript(dict(EXAMPLES, extras=extras)))
    return _typescript


def _run_typescript(workflows: Dict[str, Any]) -> Dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({name: wf.to_dict() for name, wf in workflows.items()}, f)
    try:
        out = subprocess.run(["node", os.path.join(HERE, "ts_builder.mjs"), f.name], capture_output=True, text=True, cwd=REPO, timeout=120)
    finally:
        os.unlink(f.name)
    if out.returncode != 0:
        raise AssertionError(f"ts_builder.mjs failed (is dist/ built? `npm run build`):\n{out.stderr}")
    return json.loads(out.stdout)


class SameDefinitionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.ts = typescript_side()

    def test_every_example_template_has_a_python_twin(self) -> None:
        self.assertEqual(sorted(EXAMPLES), EXAMPLE_FILES)

    def test_python_and_typescript_builders_make_the_same_raw_template_and_stored_definition(self) -> None:
        for name, wf in dict(EXAMPLES, extras=extras).items():
            with self.subTest(workflow=name):
                ts = self.ts[name]
                self.assertEqual(wf.to_dict(), ts["ts_raw"])
                # The same JSON text: the same keys in the same order, not only equal values.
                self.assertEqual(wf.to_json(), json.dumps(ts["ts_raw"]))
                self.assertNotIn("error", ts["py_built"])
                self.assertEqual(ts["py_built"], ts["ts_built"])

    def test_the_builder_refuses_what_the_typescript_compiler_would(self) -> None:
        wf = workflow("pyb", "checks", "1").step("a", "h")
        cases = {
            "added twice": lambda: wf.step("a", "h"),
            "not a step added before": lambda: wf.step("b", "h", depends_on=["c"]),
            "not upstream": lambda: wf.step("b", "h", params={"x": ref.step("a", "x")}),
            "needs a handler": lambda: wf.step("b"),
            "use .sleep()": lambda: wf.step("b", "h", kind="sleep"),
            "unknown keys": lambda: wf.step("b", "h", retry={"attempts": 3}),
            "give duration or until": lambda: wf.sleep("s"),
            "needs match": lambda: wf.wait("w", event="paid"),
            "a version is required": lambda: workflow("pyb/x"),
            "must be JSON": lambda: wf.step("b", "h", params={"x": object()}),
            "not a path": lambda: ref.context("a..b"),
        }
        for message, build in cases.items():
            with self.subTest(message):
                with self.assertRaises(ValueError) as refused:
                    build()
                self.assertIn(message, str(refused.exception))
        # Upstream through a chain, and in sequential mode through the step before.
        wf.step("b", "h", depends_on=["a"]).step("c", "h", depends_on=["b"], params={"x": ref.step("a")})
        workflow("pyb", "seq", "1", mode="sequential").step("a", "h").step("b", "h").step("c", "h", params={"x": ref.step("a", "y")})
        self.assertEqual(wf.step_names, ["a"])  # every method returns a new workflow


class RegisterAndRunTest(unittest.TestCase):
    def test_python_built_templates_register_with_the_typescript_builders_definition_and_run(self) -> None:
        server = shared_server()
        ts = typescript_side()
        with BatonClient(server.url) as baton:
            for name, wf in EXAMPLES.items():
                stored = baton.register_template(wf)["template"]
                self.assertEqual(stored["definition"], ts[name]["ts_built"], name)
            diamond = EXAMPLES["diamond"]
            worker = Worker(server.url, name="py-diamond")

            @worker.handler("examples.load_number")
            def load(ctx: Any) -> Dict[str, Any]:
                return {"value": ctx.params["value"]}

            @worker.handler("examples.square")
            def square(ctx: Any) -> Dict[str, Any]:
                return {"value": ctx.params["x"] ** 2}

            @worker.handler("examples.double")
            async def double(ctx: Any) -> Dict[str, Any]:
                return {"value": ctx.params["x"] * 2}

            @worker.handler("examples.combine")
            def combine(ctx: Any) -> Dict[str, Any]:
                return {"sum": ctx.params["square"] + ctx.params["double"], "summary": ctx.params["summary"]}

            running = RunningWorker(worker)
            try:
                task = baton.submit(diamond, {"value": 7, "label": "seven"})
                done = baton.wait(task["id"], timeout=30)
            finally:
                running.stop()
        self.assertEqual(done["status"], "complete")
        self.assertEqual(done["version"], "1.0.0")
        out = {s["name"]: s["output"] for s in done["steps"]}["combine"]
        self.assertEqual(out, {"sum": 63, "summary": "seven: 7^2 + 2*7 = 49 + 14"})

    def test_the_readmes_builder_example_registers(self) -> None:
        with open(os.path.join(HERE, "..", "README.md"), encoding="utf-8") as f:
            readme = f.read()
        section = readme[readme.index("## Defining workflows"):]
        code = re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]
        # Its own namespace: the examples' shop/order_fulfillment@1.0.0 is another definition of that version.
        code = code.replace('workflow("shop", "order_fulfillment"', 'workflow("pyreadme", "order_fulfillment"')
        with BatonClient(shared_server().url) as baton:
            exec(code, {"baton": baton})  # noqa: S102 -- the README's own example
            stored = baton.get_template("pyreadme", "order_fulfillment", "1.0.0")
        self.assertEqual([s["name"] for s in stored["definition"]["steps"]][-1], "invoice")


if __name__ == "__main__":
    unittest.main()
