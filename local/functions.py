"""Import a function's handler module the way Lambda would, from its code directory."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from local.template import Function


def load_module(function: Function) -> ModuleType:
    """The function's handler module, imported once under a name unique to the function."""
    name = f"attune_function_{function.code_dir.name}"
    if name in sys.modules:
        return sys.modules[name]
    path = function.code_dir / f"{function.module}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
