"""The public toolkit of method plug-ins: everything a plug-in may import.

A plug-in imports `editor.methods` only (and its own files, relatively): the `Method`
protocol and the contexts the session hands it, the parameter schema, the stage schedule
progressive methods share (`staging`), losses, error-driven placement, region fill fitting,
a placed region's role, and the document types a method creates. Finding and loading plug-ins is the host's job
(`editor.registry`).
"""
from editor.document import (
    Fill,
    GradientStop,
    LinearGradient,
    RadialGradient,
    Role,
    Shape,
    SolidFill,
    circle_points,
)
from editor.document.contours import reversed_contour, signed_area
from editor.document.fills import evaluate
from editor.methods import staging
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
from editor.methods.losses import outline_distance, udf_weights, weighted_mse, xing_loss
from editor.methods.placement import ErrorRegion, error_region_seeds, error_regions
from editor.methods.region_fill import (
    FitKind,
    FittedFill,
    fit_radial,
    fit_region_fill,
    region_pixels,
    target_color,
)
from editor.methods.roles import region_role
from editor.methods.schedule import (
    FINAL_LR_FACTOR,
    ScheduleKind,
    linear_decay,
    stage_sizes,
)
from editor.registry.params import ParamError, ParamSpec

__all__ = [
    # the protocol and what the session hands a method
    "LearningRates", "Method", "PlacementContext", "Stage", "StageContext", "StageProgress",
    "StepContext", "TraceState", "mse_rgb",
    # parameters and the shared stage schedule
    "ParamError", "ParamSpec", "staging", "FINAL_LR_FACTOR", "ScheduleKind", "linear_decay",
    "stage_sizes",
    # losses, placement, fill fitting
    "outline_distance", "udf_weights", "weighted_mse", "xing_loss",
    "ErrorRegion", "error_region_seeds", "error_regions",
    "FitKind", "FittedFill", "fit_radial", "fit_region_fill", "region_pixels", "target_color",
    "region_role",
    # the document types a method builds
    "Fill", "GradientStop", "LinearGradient", "RadialGradient", "Role", "Shape", "SolidFill",
    "circle_points", "evaluate", "reversed_contour", "signed_area",
]
