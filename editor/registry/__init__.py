"""The host's side of method plug-ins: finding them, reading their manifests, and the
parameter schema that drives the editor's form, the CLI flags and validation.

Torch-free: the editor lists methods, builds their forms and checks their parameters from
here, from the plug-ins' manifests alone. A plug-in's own code (and the `editor.methods`
toolkit with torch) is imported by `editor.registry.loading.load_method`, where a method runs.
"""
from editor.registry.discovery import (
    DEFAULT_METHOD,
    ENTRY_POINT_GROUP,
    MethodInfo,
    MethodUnavailableError,
    discover_methods,
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
    "validate_params", "values_from_args",
]
