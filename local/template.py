"""Read template.yaml as the local tools need it: each function's code and HTTP routes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """YAML loader that accepts CloudFormation's short tags (!Ref, !Sub, ...) as plain data."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {suffix: value}


_CfnLoader.add_multi_constructor("!", _tag)


@dataclass(frozen=True)
class Route:
    function: str  # logical id, e.g. AuthFunction
    method: str  # upper case
    path: str  # as API Gateway writes it, e.g. /entries/{id}

    @property
    def pattern(self) -> re.Pattern[str]:
        regex = re.sub(r"\{[^/{}]+\+\}", r"(.+)", self.path)
        regex = re.sub(r"\{[^/{}]+\}", r"([^/]+)", regex)
        return re.compile(f"^{regex}$")

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """The path parameters' names, in order (`proxy+` is `proxy`, as API Gateway names it)."""
        return tuple(name.rstrip("+") for name in re.findall(r"\{([^/{}]+)\}", self.path))


@dataclass(frozen=True)
class Function:
    logical_id: str
    code_dir: Path
    module: str  # handler module, e.g. app
    handler: str  # attribute, e.g. handler
    routes: tuple[Route, ...]
    schedules: tuple[str, ...]


@lru_cache(maxsize=1)
def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    with path.open() as f:
        template: dict[str, Any] = yaml.load(f, Loader=_CfnLoader)
        return template


def functions(path: Path = TEMPLATE) -> dict[str, Function]:
    """Every AWS::Serverless::Function of the template, by logical id."""
    template = load_template(path)
    globals_ = template.get("Globals", {}).get("Function", {})
    found: dict[str, Function] = {}
    for logical_id, resource in template["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        props = resource.get("Properties", {})
        module, _, attr = (props.get("Handler") or globals_.get("Handler", "")).rpartition(".")
        routes, schedules = [], []
        for event in (props.get("Events") or {}).values():
            if event.get("Type") == "HttpApi":
                event_props = event.get("Properties", {})
                routes.append(Route(logical_id, event_props["Method"].upper(), event_props["Path"]))
            elif event.get("Type") in {"Schedule", "ScheduleV2"}:
                properties = event.get("Properties", {})
                schedules.append(
                    str(properties.get("ScheduleExpression") or properties.get("Schedule"))
                )
        found[logical_id] = Function(
            logical_id=logical_id,
            code_dir=ROOT / props["CodeUri"],
            module=module,
            handler=attr,
            routes=tuple(routes),
            schedules=tuple(schedules),
        )
    return found


def routes(path: Path = TEMPLATE) -> list[Route]:
    """All HTTP routes, literal paths before parameterised ones (as API Gateway prefers them)."""
    every = [r for f in functions(path).values() for r in f.routes]
    return sorted(every, key=lambda r: (r.path.count("{"), -len(r.path)))


def function_for_dir(name: str, path: Path = TEMPLATE) -> Function:
    """The function whose code lives in functions/<name>/ (what `make invoke FUNCTION=` names)."""
    for function in functions(path).values():
        if function.code_dir.name == name or function.logical_id == name:
            return function
    known = sorted(f.code_dir.name for f in functions(path).values())
    raise KeyError(f"No function {name!r} in template.yaml; known: {', '.join(known)}")


def cors(path: Path = TEMPLATE) -> dict[str, Any]:
    """The HTTP API's CorsConfiguration, as the template declares it."""
    for resource in load_template(path)["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::HttpApi":
            configuration: dict[str, Any] = resource["Properties"].get("CorsConfiguration", {})
            return configuration
    return {}
