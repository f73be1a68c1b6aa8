"""Vectorization methods as plug-ins: the `Method` protocol, parameter schemas, discovery."""
from editor.engine.region_fill import target_color
from editor.methods.base import (
    LearningRates,
    Method,
    PlacementContext,
    Stage,
    StageContext,
    StageProgress,
    StepContext,
    TraceState,
    mse_rgb,
)
from editor.methods.discovery import (
    ENTRY_POINT_GROUP,
    MethodInfo,
    MethodUnavailableError,
    discover_methods,
    load_method,
)
from editor.methods.params import (
    ParamError,
    ParamSpec,
    add_arguments,
    defaults,
    validate_params,
    values_from_args,
)

__all__ = [
    "ENTRY_POINT_GROUP", "LearningRates", "Method", "MethodInfo", "MethodUnavailableError",
    "ParamError", "ParamSpec", "PlacementContext", "Stage", "StageContext", "StageProgress",
    "StepContext", "TraceState", "add_arguments", "defaults", "discover_methods",
    "load_method", "mse_rgb", "target_color", "validate_params", "values_from_args",
]
