"""The workflow builder: a Baton template written in Python, as the TypeScript builder writes it.

``workflow(...).step(...).step(...)`` assembles the raw template (YAML's keys,
snake_case, before defaults); ``to_dict()`` is exactly what the TypeScript
builder's ``toRaw()`` gives for the same workflow, so the server stores the
same definition (same digest) for either, and for the equivalent YAML.
Keyword arguments are the YAML keys (``depends_on``, ``timeout_seconds``,
``fan_out``, ...), values are as YAML writes them.

Mistakes the TypeScript compiler would catch are caught here, when the step
is added: a step name used twice, ``depends_on`` naming a step not added
before, a ``${steps.<name>...}`` reference to a step that is not upstream.
The server checks the rest (``register_template`` raises BatonError
``invalid_template`` listing every problem).

Example::

    from baton_worker import ref, workflow

    order = (
        workflow("shop", "order_fulfillment", "1.0.0", timeout_seconds=600,
                 defaults={"retry": {"max_attempts": 3, "backoff": "exponential"}, "timeout_seconds": 60})
        .step("validate_order", "shop.validate_order", params={"order_id": ref.context("order_id")})
        .step("charge_payment", "shop.charge_payment", depends_on=["validate_order"],
              retry={"max_attempts": 5, "backoff": "fixed", "base_ms": 1000})
    )
    baton.register_template(order)
"""
import copy
import json
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = ["Workflow", "ref", "workflow"]

# The template schema's rules (src/domain/template-schema.ts).
_IDENTIFIER = re.compile(r"^[a-zA-Z][a-zA-Z0-9_.-]{0,127}$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$")
_STEP_REF = re.compile(r"\$\{\s*steps\.([^.}\s\[]+)")
_KINDS = ("task", "decision", "fan_out", "sleep", "wait", "workflow")
_WORKER_KINDS = ("task", "decision", "fan_out")
_BACKOFFS = ("none", "fixed", "linear", "exponential")
_RETRY_KEYS = ("max_attempts", "backoff", "base_ms", "max_ms", "jitter")

_UNSET: Any = object()  # "not given", as against None (which YAML writes as null: no timeout)


def _check_path(path: str, what: str) -> None:
    if path and any(not seg.strip() or "{" in seg or "}" in seg for seg in path.split(".")):
        raise ValueError(f'{what}: "{path}" is not a path; use dot-separated keys or indexes such as "items.0.id"')


class _Ref:
    """Builders of ``${...}`` reference strings for params (the TypeScript ``ref``)."""

    @staticmethod
    def context(path: str = "") -> str:
        """The task context, or a path inside it: ``ref.context("order.id")`` is ``${context.order.id}``."""
        _check_path(path, "ref.context")
        return f"${{context.{path}}}" if path else "${context}"

    @staticmethod
    def step(name: str, path: str = "") -> str:
        """An upstream step's output, or a path inside it: ``ref.step("load", "value")`` is ``${steps.load.value}``."""
        if not _IDENTIFIER.match(name) or "." in name:
            raise ValueError(f'ref.step: "{name}" is not a step name that a reference can name')
        _check_path(path, "ref.step")
        return f"${{steps.{name}.{path}}}" if path else f"${{steps.{name}}}"


ref = _Ref()


def _json_copy(value: Any, what: str) -> Any:
    """A deep copy that is also a JSON check: a value the server could not store fails here, naming the field."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be JSON (dicts, lists, strings, numbers, booleans, None): {exc}") from exc


def _retry(value: Optional[Mapping[str, Any]], what: str) -> Optional[Dict[str, Any]]:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError(f"{what} must be a dict with {', '.join(_RETRY_KEYS)}")
    unknown = [k for k in value if k not in _RETRY_KEYS]
    if unknown:
        raise ValueError(f"{what} has unknown keys {unknown}; it takes {', '.join(_RETRY_KEYS)}")
    if "backoff" in value and value["backoff"] not in _BACKOFFS:
        raise ValueError(f"{what}.backoff must be one of {', '.join(_BACKOFFS)}")
    # The keys in the TypeScript builder's order (retryToRaw), so the JSON text matches too.
    return {k: value[k] for k in _RETRY_KEYS if k in value}


def _handler_name(handler: Any) -> Optional[str]:
    """A handler name, or a function registered with ``@worker.handler(name)``."""
    if handler is None or isinstance(handler, str):
        return handler
    name = getattr(handler, "__baton_handler__", None)
    if isinstance(name, str):
        return name
    raise ValueError("a step's handler must be a handler name, or a function registered with @worker.handler(name)")


def _refs_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield from _STEP_REF.findall(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _refs_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from _refs_in(v)


def _child_target(child: Any) -> Dict[str, Any]:
    if isinstance(child, Workflow):
        return {"namespace": child.namespace, "name": child.name, "version": child.version}
    if isinstance(child, Mapping) and "namespace" in child and "name" in child:
        target = {"namespace": child["namespace"], "name": child["name"]}
        if child.get("version") is not None:
            target["version"] = child["version"]
        return target
    if isinstance(child, str) and "/" in child:
        ns, _, rest = child.partition("/")
        name, _, version = rest.partition("@")
        return {"namespace": ns, "name": name, **({"version": version} if version else {})}
    raise ValueError('a child workflow is a builder workflow, {"namespace", "name", "version"?} or "namespace/name[@version]"')


class Workflow:
    """A workflow template under construction. Every method returns a new Workflow; the original is unchanged."""

    def __init__(self, namespace: str, name: str, version: str, top: Dict[str, Any], steps: Tuple[Dict[str, Any], ...]) -> None:
        self.namespace = namespace
        self.name = name
        self.version = version
        self._top = top
        self._steps = steps

    # -- reading --------------------------------------------------------------

    @property
    def step_names(self) -> List[str]:
        return [s["name"] for s in self._steps]

    def to_dict(self) -> Dict[str, Any]:
        """The raw template (YAML's shape): what ``POST /v1/templates`` takes, and the TypeScript ``toRaw()``."""
        return copy.deepcopy({"namespace": self.namespace, "name": self.name, "version": self.version, **self._top,
                              "steps": list(self._steps)})

    def to_json(self, **kwargs: Any) -> str:
        """``to_dict()`` as JSON text (``json.dumps`` keyword arguments, e.g. ``indent=2``, pass through)."""
        return json.dumps(self.to_dict(), **kwargs)

    def __repr__(self) -> str:
        return f"<Workflow {self.namespace}/{self.name}@{self.version} steps={self.step_names}>"

    # -- template-level -------------------------------------------------------

    def options(self, *, description: Optional[str] = None, input_schema: Optional[Mapping[str, Any]] = None,
                timeout_seconds: Optional[float] = _UNSET, on_failure: Optional[str] = None, mode: Optional[str] = None,
                defaults: Optional[Mapping[str, Any]] = None) -> "Workflow":
        """Sets template-level keys (merged over earlier ones); see ``workflow()``."""
        top = dict(self._top)
        # As the TypeScript builder's spread: keys set before keep their place, new ones come after.
        top.update(_top_options(description, input_schema, timeout_seconds, on_failure, mode, defaults))
        return Workflow(self.namespace, self.name, self.version, top, self._steps)

    # -- steps ----------------------------------------------------------------

    def step(self, name: str, handler: Any = None, *, depends_on: Optional[Sequence[str]] = None,
             params: Optional[Mapping[str, Any]] = None, retry: Optional[Mapping[str, Any]] = None,
             timeout_seconds: Optional[float] = _UNSET, labels: Optional[Mapping[str, str]] = None,
             kind: Optional[str] = None, fan_out: Optional[Mapping[str, Any]] = None,
             concurrency: Optional[Mapping[str, Any]] = None, rate_limit: Optional[Mapping[str, Any]] = None) -> "Workflow":
        """Adds a step a worker runs: ``handler`` names the handler (or is a function registered with ``@worker.handler``).

        Args:
            depends_on: earlier steps this one waits for (in ``mode="sequential"``,
                a step without it follows the step before).
            params: the handler's params; strings may hold ``${context...}`` /
                ``${steps.<upstream>...}`` references (see ``ref``).
            retry: ``{"max_attempts", "backoff", "base_ms", "max_ms", "jitter"}``, over ``defaults.retry``.
            timeout_seconds: per-attempt deadline; ``None`` for none; default ``defaults.timeout_seconds``.
            labels: only workers with all of these labels run the step.
            kind: ``task`` (default), ``decision`` (the handler returns ``{"activate": [...]}``)
                or ``fan_out`` (give ``fan_out``); ``decision()`` and ``fan_out()`` say it shorter.
            fan_out: ``{"each": <step>, "batch_size": n, "items": "${...}"}`` for ``kind="fan_out"``.
            concurrency: ``{"key": "${context.account}", "limit": 2}``: at most ``limit`` running per key.
            rate_limit: ``{"name": <rate limit>, "key": ..., "units": n}``: draws on a named rate limit.
        """
        handler_name = _handler_name(handler)
        if kind is not None and kind not in _WORKER_KINDS:
            hint = f"; use .{kind}()" if kind in _KINDS else ""
            raise ValueError(f'step "{name}": kind must be one of {", ".join(_WORKER_KINDS)}{hint}')
        if not handler_name:
            raise ValueError(f'step "{name}" needs a handler (the name a worker registered)')
        raw: Dict[str, Any] = {"name": name, "handler": handler_name}
        if kind is not None:
            raw["kind"] = kind
        if depends_on is not None:
            raw["depends_on"] = list(depends_on)
        if params is not None:
            raw["params"] = _json_copy(dict(params), f'step "{name}": params')
        if retry is not None:
            raw["retry"] = _retry(retry, f'step "{name}": retry')
        if timeout_seconds is not _UNSET:
            raw["timeout_seconds"] = timeout_seconds
        if labels is not None:
            raw["labels"] = dict(labels)
        if fan_out is not None:
            raw["fan_out"] = {k: fan_out[k] for k in ("each", "batch_size", "items") if k in fan_out}
            unknown = set(fan_out) - {"each", "batch_size", "items"}
            if unknown:
                raise ValueError(f'step "{name}": fan_out has unknown keys {sorted(unknown)}; it takes each, batch_size and items')
        if concurrency is not None:
            raw["concurrency"] = _json_copy(dict(concurrency), f'step "{name}": concurrency')
        if rate_limit is not None:
            raw["rate_limit"] = _json_copy(dict(rate_limit), f'step "{name}": rate_limit')
        return self._add(raw, refs=list(_refs_in(raw.get("params"))) + list(_refs_in(raw.get("fan_out", {}).get("items"))))

    def decision(self, name: str, handler: Any, **opts: Any) -> "Workflow":
        """A ``kind: decision`` step: its handler returns ``{"activate": [<steps>]}``; the other branches are skipped."""
        return self.step(name, handler, kind="decision", **opts)

    def fan_out(self, name: str, handler: Any, *, each: str, batch_size: Optional[int] = None, items: Optional[str] = None,
                **opts: Any) -> "Workflow":
        """A ``kind: fan_out`` step: its handler returns ``{"items": [...]}`` and step ``each`` runs once per chunk of ``batch_size``."""
        spec: Dict[str, Any] = {"each": each}
        if batch_size is not None:
            spec["batch_size"] = batch_size
        if items is not None:
            spec["items"] = items
        return self.step(name, handler, kind="fan_out", fan_out=spec, **opts)

    def sleep(self, name: str, *, duration: Optional[str] = None, until: Optional[str] = None,
              depends_on: Optional[Sequence[str]] = None) -> "Workflow":
        """A ``kind: sleep`` step (no worker): waits a ``duration`` (``"3d"``) or ``until`` a time (ISO text or a reference)."""
        if (duration is None) == (until is None):
            raise ValueError(f'sleep "{name}": give duration or until (one of them)')
        spec: Dict[str, Any] = {}
        if duration is not None:
            spec["duration"] = duration
        if until is not None:
            spec["until"] = until
        return self._add(_workerless(name, "sleep", depends_on, spec), refs=list(_refs_in(until)))

    def wait(self, name: str, *, signal: Optional[str] = None, event: Optional[str] = None, match: Optional[str] = None,
             timeout: Optional[str] = None, on_timeout: Optional[str] = None, schema: Optional[Mapping[str, Any]] = None,
             depends_on: Optional[Sequence[str]] = None) -> "Workflow":
        """A ``kind: wait`` step (no worker): waits for ``signal`` sent to the task (``schema``: a JSON Schema of its
        payload), or an external ``event`` whose key equals ``match``; completes with the payload.

        ``timeout`` (``"48h"``) then ``on_timeout``: ``fail`` (default, ``wait_expired``) or ``skip``.
        """
        if (signal is None) == (event is None):
            raise ValueError(f'wait "{name}": give signal, or event and match')
        if event is not None and match is None:
            raise ValueError(f'wait "{name}": an event wait needs match (the key the event must carry)')
        spec: Dict[str, Any] = {}
        for key, value in (("signal", signal), ("event", event), ("match", match), ("timeout", timeout), ("on_timeout", on_timeout)):
            if value is not None:
                spec[key] = value
        if schema is not None:
            spec["schema"] = _json_copy(dict(schema), f'wait "{name}": schema')
        return self._add(_workerless(name, "wait", depends_on, spec), refs=list(_refs_in(match)))

    def workflow(self, name: str, child: Union["Workflow", Mapping[str, Any], str], *, context: Optional[Mapping[str, Any]] = None,
                 depends_on: Optional[Sequence[str]] = None, retry: Optional[Mapping[str, Any]] = None) -> "Workflow":
        """A ``kind: workflow`` step: starts a task of ``child`` with ``context`` (references allowed) and completes with
        ``{"task_id", "steps"}`` once it has. A builder workflow pins its version; ``{"namespace", "name"}`` or
        ``"ns/name"`` without a version takes the latest when the child starts. ``retry`` starts a new child after one fails.
        """
        spec = _child_target(child)
        spec["context"] = _json_copy(dict(context or {}), f'workflow step "{name}": context')
        raw = _workerless(name, "workflow", depends_on, spec)
        if retry is not None:
            raw["retry"] = _retry(retry, f'workflow step "{name}": retry')
        return self._add(raw, refs=list(_refs_in(spec["context"])))

    # -- checks ---------------------------------------------------------------

    def _add(self, raw: Dict[str, Any], refs: List[str]) -> "Workflow":
        name = raw["name"]
        where = f"workflow {self.namespace}/{self.name}: step \"{name}\""
        if not isinstance(name, str) or not _IDENTIFIER.match(name):
            raise ValueError(f'{where}: a step name must start with a letter and contain only letters, digits, "_", "." or "-"')
        known = self.step_names
        if name in known:
            raise ValueError(f"{where} is added twice")
        for dep in raw.get("depends_on", []):
            if dep not in known:
                raise ValueError(f'{where}: depends_on names "{dep}", which is not a step added before it')
        upstream = self._upstream(raw)
        for target in refs:
            if target not in upstream:
                raise ValueError(f'{where}: a reference names step "{target}", which is not upstream of it (add it to depends_on)')
        return Workflow(self.namespace, self.name, self.version, self._top, self._steps + (raw,))

    def _upstream(self, raw: Dict[str, Any]) -> set:
        """Every step the new step (transitively) depends on."""
        deps_of = {s["name"]: self._deps(i) for i, s in enumerate(self._steps)}
        direct = list(raw["depends_on"]) if "depends_on" in raw else self._implicit_deps(len(self._steps))
        seen: set = set()
        stack = list(direct)
        while stack:
            step = stack.pop()
            if step not in seen:
                seen.add(step)
                stack.extend(deps_of.get(step, []))
        return seen

    def _deps(self, index: int) -> List[str]:
        step = self._steps[index]
        return list(step["depends_on"]) if "depends_on" in step else self._implicit_deps(index)

    def _implicit_deps(self, index: int) -> List[str]:
        # In sequential mode a step that gives no depends_on follows the one before it.
        return [self._steps[index - 1]["name"]] if self._top.get("mode") == "sequential" and index > 0 else []


def _workerless(name: str, kind: str, depends_on: Optional[Sequence[str]], spec: Dict[str, Any]) -> Dict[str, Any]:
    raw: Dict[str, Any] = {"name": name, "kind": kind}
    if depends_on is not None:
        raw["depends_on"] = list(depends_on)
    raw[kind] = spec
    return raw


def _top_options(description: Optional[str], input_schema: Optional[Mapping[str, Any]], timeout_seconds: Any,
                 on_failure: Optional[str], mode: Optional[str], defaults: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    top: Dict[str, Any] = {}
    if description is not None:
        top["description"] = description
    if input_schema is not None:
        top["input_schema"] = _json_copy(dict(input_schema), "input_schema")
    if timeout_seconds is not _UNSET:
        top["timeout_seconds"] = timeout_seconds
    if on_failure is not None:
        if on_failure not in ("stop", "continue"):
            raise ValueError("on_failure must be stop or continue")
        top["on_failure"] = on_failure
    if mode is not None:
        if mode not in ("dag", "sequential"):
            raise ValueError("mode must be dag or sequential")
        top["mode"] = mode
    if defaults is not None:
        unknown = set(defaults) - {"retry", "timeout_seconds", "concurrency"}
        if unknown:
            raise ValueError(f"defaults has unknown keys {sorted(unknown)}; it takes retry, timeout_seconds and concurrency")
        out: Dict[str, Any] = {}
        if defaults.get("retry") is not None:
            out["retry"] = _retry(defaults["retry"], "defaults.retry")
        if "timeout_seconds" in defaults:
            out["timeout_seconds"] = defaults["timeout_seconds"]
        if defaults.get("concurrency") is not None:
            out["concurrency"] = _json_copy(dict(defaults["concurrency"]), "defaults.concurrency")
        top["defaults"] = out
    return top


def workflow(namespace: str, name: Optional[str] = None, version: Optional[str] = None, *, description: Optional[str] = None,
             input_schema: Optional[Mapping[str, Any]] = None, timeout_seconds: Optional[float] = _UNSET,
             on_failure: Optional[str] = None, mode: Optional[str] = None,
             defaults: Optional[Mapping[str, Any]] = None) -> Workflow:
    """Starts a workflow template: ``workflow("shop", "order", "1.0.0", ...)`` or ``workflow("shop/order", version="1.0.0")``.

    Args:
        description: shown by ``baton template list`` and the dashboard.
        input_schema: a JSON Schema of the task context, checked at submit.
        timeout_seconds: the whole task's deadline; default none.
        on_failure: ``stop`` (default) or ``continue`` (independent branches go on after a step fails).
        mode: ``dag`` (default) or ``sequential`` (a step without ``depends_on`` follows the one before).
        defaults: ``{"retry": {...}, "timeout_seconds": 30, "concurrency": {...}}`` for every step.
    """
    if name is None:
        namespace, sep, name = namespace.partition("/")
        if not sep:
            raise ValueError('workflow("namespace", "name", "version") or workflow("namespace/name", version="...")')
    if version is None:
        raise ValueError(f"workflow {namespace}/{name}: a version is required (e.g. version=\"1.0.0\")")
    for what, value, rule in (("namespace", namespace, _IDENTIFIER), ("name", name, _IDENTIFIER), ("version", version, _VERSION)):
        if not isinstance(value, str) or not rule.match(value):
            raise ValueError(f"workflow: {what} {value!r} is not valid")
    top = _top_options(description, input_schema, timeout_seconds, on_failure, mode, defaults)
    return Workflow(namespace, name, version, top, ())
