"""The host's side of method plug-ins: finding them, reading their manifests, and the
parameter schema that drives the editor's form, the CLI flags and validation.

Torch-free on import: the editor lists methods and builds their forms from here; a plug-in's
own code (and the `editor.methods` toolkit with torch) loads only when a method is used.
"""
from editor.registry.discovery import (
    DEFAULT_METHOD,
    ENTRY_POINT_GROUP,
    MethodInfo,
    MethodUnavailableError,
    discover_methods,
    load_method,
)
from editor.registry.params import (
    PATHS_PARAM,
    ParamError,
    ParamSpec,
    add_arguments,
    defaults,
    given_args,
    validate_params,
    values_from_args,
)

__all__ = [
    "DEFAULT_METHOD", "ENTRY_POINT_GROUP", "PATHS_PARAM", "MethodInfo", "MethodUnavailableError",
    "ParamError", "ParamSpec", "add_arguments", "defaults", "discover_methods", "given_args",
    "load_method", "validate_params", "values_from_args",
]
