"""The optimization session: a document's shapes as tensors, traced toward a target image
by a method, while a designer edits the document from another thread.

    session = Session(target_rgb, load_method("layerwise", num_paths=16))
    session.run(on_snapshot=print)           # or step() in a loop; run() from a worker thread
    session.submit(SetLockedEdit(shape_id, True))   # any thread; applied at the next step
    doc = session.document()                 # a copy with the optimized values

The session owns the tensors, the Adam optimizer, the edit queue and the pixel cache of
frozen shapes (see `compositing`); the method owns the schedule, placement and losses.
No Qt here: a UI polls `snapshot()` or passes `on_snapshot` to `run`.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from editor.document import Document, Layer, Origin, Shape, new_id
from editor.document.naming import depth_layer_name
from editor.engine import edits as ed
from editor.engine.compositing import CompositePlan, build_plan
from editor.engine.control import RunControl
from editor.engine.parameters import ShapeTensors, clamp_all_, replace_non_finite_
from editor.engine.reduce import (
    REPLACE_HIDDEN,
    HiddenPolicy,
    ReducePolicy,
    least_important,
    shape_importance,
    visible_shares,
)
from editor.engine.run_modes import TRACE, AddPaths, Refine, RunMode, Trace
from editor.engine.snapshot import RunState, Snapshot
from editor.geometry import repair_document
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
from editor.render import Renderer, get_renderer
from editor.render.scene import RenderShape

SnapshotCallback = Callable[[Snapshot], None]
_EMA = 0.1  # weight of the newest step in the ms-per-step average
_WHITE = (1.0, 1.0, 1.0, 1.0)


def default_device() -> torch.device:
    """CUDA when available, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@dataclass
class _StepStats:
    step: int = 0
    loss: float = float("nan")
    psnr: float = float("nan")
    ms_per_step: float = 0.0
    num_active: int = 0


@dataclass
class _Target:
    """What the loss compares renders with."""

    pixels: np.ndarray  # (H, W, C) float32 as traced, for placement
    tensor: torch.Tensor  # the same on the session's device
    channels: int  # compared channels: RGB, or premultiplied RGBA
    background: torch.Tensor  # (4,) straight RGBA the render is composited on

    @classmethod
    def on(cls, device: torch.device, pixels: np.ndarray,
           background: tuple[float, float, float, float]) -> _Target:
        return cls(pixels, torch.from_numpy(pixels.copy()).to(device), pixels.shape[2],
                   torch.tensor(background, dtype=torch.float32, device=device))


@dataclass
class _Schedule:
    """Where the run is in the method's stages (and the budget rounds after them), and
    which shapes it optimizes."""

    stage: Stage | None = None
    index: int = -1  # of the running (or last) stage
    progress: StageProgress | None = None
    layers_added: int = 0  # layers the method's stages added, named by their depth
    stage_ids: set[str] = field(default_factory=set)  # shapes the running stage optimizes at full rate
    pending_ids: set[str] = field(default_factory=set)  # added while no stage ran: the next stage's
    selection: frozenset[str] | None = None  # the designer's restriction (SetSelectionEdit)
    reducing: bool = False  # the running stage is a budget round, not the method's
    rates: LearningRates = field(default_factory=LearningRates)  # the method's latest, for budget rounds
    planned: int = 0  # the method's stages' steps, at most: a hidden round takes no more


@dataclass
class _StepCache:
    """What steps reuse until an edit or a stage change makes it stale."""

    optimizer: torch.optim.Adam | None = None
    trainable: list[ShapeTensors] = field(default_factory=list)
    stage_active: list[RenderShape] = field(default_factory=list)  # the stage's own shapes being optimized
    plan: CompositePlan | None = None  # None: rebuild before the next step
    optimizer_stale: bool = True
    render: torch.Tensor | None = None  # last composite, detached
    render_stale: bool = True


@dataclass
class _Bookkeeping:
    """What snapshots report besides the shapes."""

    stats: _StepStats = field(default_factory=_StepStats)
    state: RunState = RunState.IDLE
    structure_version: int = 0  # counts structure changes (see Session._structure_changed)


@dataclass
class _Reduction:
    """The shape budget: budget rounds follow the method's stages until it is met."""

    budget: int | None = None  # drawn shapes to reduce to once the method is done
    policy: ReducePolicy = field(default_factory=ReducePolicy)
    hidden: HiddenPolicy | None = None  # None: hidden shapes stay
    hidden_rounds: int = 0  # rounds of removing hidden shapes run so far


class Session:
    """Traces `target` into a layered document with `method`. Thread-safe: one thread runs
    `run`/`step`; any thread may call `submit`, `pause`, `resume`, `cancel`, `snapshot`,
    `document`, `render_image`, `error_map` and `add_shapes_at_error`.

    target: (H, W, 3) float RGB in [0, 1] (already composited on the background), or
        (H, W, 4) premultiplied RGBA for a source with transparency. Over a transparent
        document background (None) an RGBA target is traced as it is — colour and alpha,
        so no paint lands where the source is transparent; over an opaque background it is
        composited onto it first.
    document: shapes to start from (its size must be W × H); a blank canvas when None.
    seed: makes placement, and so the whole run, deterministic.
    device: where the tensors live; `default_device()` when None.
    renderer: anything with the `editor.render` interface; `get_renderer()` when None.
    mode: trace with the method's schedule, refine the shapes there are, or add paths
        (see `run_modes`).
    simple_outlines: when the run finishes, the optimizer's outlines that knotted become
        simple outlines of what they paint (`editor.geometry.repair`); a designer's shapes
        and locked shapes are never touched. Off: outlines stay as the optimizer left them.
        Only at the end: repairs between stages, or keeping outlines simple at every step,
        cost 3–9 dB on the development set (README, "Simple outlines").
    hidden: when a trace's schedule (and budget) is done, the optimizer's shapes of which
        less than `min_visible` shows are removed, new shapes placed where the error is then
        largest, and all re-optimized (`HiddenPolicy`); a designer's shapes and locked shapes
        stay. Only in the TRACE mode. None: hidden shapes stay (clean-up judges them).
    """

    def __init__(
        self,
        target: np.ndarray,
        method: Method,
        document: Document | None = None,
        *,
        seed: int = 0,
        device: torch.device | str | None = None,
        renderer: Renderer | None = None,
        mode: RunMode = TRACE,
        simple_outlines: bool = True,
        hidden: HiddenPolicy | None = REPLACE_HIDDEN,
    ) -> None:
        target = np.asarray(target, dtype=np.float32)
        if target.ndim != 3 or target.shape[2] not in (3, 4):
            raise ValueError(
                f"target must be (H, W, 3) RGB or (H, W, 4) premultiplied RGBA, got shape {target.shape}"
            )
        height, width = target.shape[:2]
        if document is None:
            document = Document(width=width, height=height)
        elif (document.width, document.height) != (width, height):
            raise ValueError(
                f"document is {document.width}×{document.height}, target is {width}×{height}"
            )
        if renderer is None:
            renderer = get_renderer()
        self.method = method
        self.mode = mode
        self.device = torch.device(device) if device is not None else default_device()
        self.width, self.height = width, height
        self._renderer = renderer
        self._simple_outlines = simple_outlines
        self._doc = document.copy()
        self._tensors = {
            s.id: ShapeTensors.from_shape(s, self.device) for s in self._doc.all_shapes()
        }
        self._target = _Target.on(self.device, *_traced_target(target, self._doc.background))
        self._rng = np.random.default_rng(seed)
        self._control = RunControl()  # the edit queue, pause and cancel
        self._lock = threading.RLock()  # held by a step; readers wait at most one step
        self._schedule = _Schedule()
        self._cache = _StepCache()
        self._book = _Bookkeeping()
        self._reduction = _Reduction(hidden=hidden)
        self.notices: list[str] = []  # for the user: shapes the repair dropped

    # ------------------------------------------------------------------ control (any thread)
    def submit(self, edit: ed.Edit) -> None:
        """Queue an edit; it takes effect at the next step (or at once while paused)."""
        self._control.submit(edit)

    def add_shapes_at_error(self, count: int, layer_name: str = "Added") -> list[str]:
        """Ask the method for `count` shapes where the error is largest (a new layer, then
        optimized with the running stage). Returns their ids; they exist from the next step."""
        edit = ed.AddShapesAtErrorEdit(count, layer_name)
        self.submit(edit)
        return list(edit.ids)

    def reduce_to(self, budget: int | None, policy: ReducePolicy | None = None) -> None:
        """Keep exactly `budget` drawn shapes: once the method has no stage left, rounds of
        removing the least important shapes and re-optimizing the rest follow (locked shapes
        are never removed). Call before `run`, or after it finished and run again; None
        cancels the budget. Any thread."""
        if budget is not None and budget < 0:
            raise ValueError(f"budget must not be negative, got {budget}")
        with self._lock:
            self._reduction.budget = budget
            if policy is not None:
                self._reduction.policy = policy

    def pause(self) -> None:
        self._control.pause()

    def resume(self) -> None:
        self._control.resume()

    def cancel(self) -> None:
        """Stop `run` after the current step; the session keeps its document."""
        self._control.cancel()

    @property
    def state(self) -> RunState:
        return self._book.state

    # ------------------------------------------------------------------ results (any thread)
    def snapshot(self) -> Snapshot:
        """The current values of every shape and the latest step's statistics."""
        with self._lock:
            stats = self._book.stats
            return Snapshot(
                step=stats.step,
                stage=self._schedule.index,
                stage_step=self._schedule.progress.steps if self._schedule.progress else 0,
                loss=stats.loss,
                psnr=stats.psnr,
                ms_per_step=stats.ms_per_step,
                num_shapes=len(self._doc.drawn_shapes()),
                num_active=stats.num_active,
                state=self._book.state,
                structure_version=self._book.structure_version,
                shapes={sid: t.state() for sid, t in self._tensors.items()},
            )

    def document(self) -> Document:
        """A copy of the document with the optimized values written back."""
        with self._lock:
            doc = self._doc.copy()
            for shape in doc.all_shapes():
                self._tensors[shape.id].write_to(shape)
            return doc

    def render_image(self) -> np.ndarray:
        """The current render, (H, W, 4) premultiplied RGBA float32 over the background."""
        with self._lock:
            return self._current_render().cpu().numpy()

    def error_map(self) -> np.ndarray:
        """Per-pixel squared error Σ_c (render − target)² over the target's channels, (H, W)."""
        with self._lock:
            return self._error(self._current_render()).cpu().numpy()

    # ------------------------------------------------------------------ running (worker thread)
    def run(
        self,
        max_steps: int | None = None,
        on_snapshot: SnapshotCallback | None = None,
        snapshot_interval: float = 0.0,
    ) -> RunState:
        """Step until the method is finished, `max_steps` steps were taken, or `cancel()`.

        Blocks while paused (edits submitted meanwhile are applied at once). `on_snapshot`
        is called on this thread at most every `snapshot_interval` seconds, and always on
        pause and at the end. Returns the final state (FINISHED, CANCELLED or IDLE).
        """
        steps = 0
        last_report = -math.inf

        def report(force: bool = False) -> None:
            nonlocal last_report
            now = time.monotonic()
            if on_snapshot is not None and (force or now - last_report >= snapshot_interval):
                last_report = now
                on_snapshot(self.snapshot())

        while max_steps is None or steps < max_steps:
            if self._control.paused and self._book.state != RunState.PAUSED:
                self._book.state = RunState.PAUSED
                report(force=True)
            if not self._control.wait_until_runnable():
                if self._control.cancelled:
                    break
                with self._lock:  # woken while paused by an edit: show it without stepping
                    self._apply_edits()
                report(force=True)
                continue
            self._book.state = RunState.RUNNING
            if not self.step():
                break
            steps += 1
            report()
        if self._control.cancelled:
            self._book.state = RunState.CANCELLED
        elif self._book.state != RunState.FINISHED:
            self._book.state = RunState.IDLE
        report(force=True)
        return self._book.state

    def step(self) -> bool:
        """Apply queued edits, then one optimizer step (starting a stage when none runs).

        Returns False, without stepping, when the method has no stage left.
        """
        with self._lock:
            self._apply_edits()
            if self._schedule.stage is None and not self._begin_stage():
                self._book.state = RunState.FINISHED
                return False
            assert self._schedule.stage is not None and self._schedule.progress is not None
            started = time.perf_counter()
            if self._cache.plan is None:
                self._cache.plan = self._build_plan()
            if self._cache.optimizer_stale:
                self._rebuild_optimizer()
            shapes = {sid: t.render for sid, t in self._tensors.items()}
            render = self._cache.plan.composite(self._renderer, shapes, self.width, self.height)
            ctx = StepContext(
                stage_index=self._schedule.index,
                step=self._schedule.progress.steps,
                render=render,
                target=self._target.tensor,
                stage_shapes=self._cache.stage_active,
            )
            # A budget round polishes the image as a whole, whatever the method's own loss.
            loss = mse_rgb(render, self._target.tensor) if self._schedule.reducing else self.method.loss(ctx)
            mse = self._error(render.detach()).mean() / self._target.channels
            loss_value, mse_value = torch.stack([loss.detach(), mse]).tolist()  # one device sync
            stepped = (
                self._cache.optimizer is not None and loss.requires_grad and math.isfinite(loss_value)
            )
            if stepped:
                self._optimize(loss, self.method.lr_scale(self._schedule.stage, self._schedule.progress.steps))
            self._cache.render, self._cache.render_stale = render.detach(), stepped
            self._record(loss_value, mse_value, (time.perf_counter() - started) * 1000.0)
            if self.method.is_stage_done(self._schedule.progress):
                self._end_stage()
            return True

    # ------------------------------------------------------------------ internals
    def _optimize(self, loss: torch.Tensor, lr_scale: float) -> None:
        assert self._cache.optimizer is not None
        self._cache.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        grads = []
        for group in self._cache.optimizer.param_groups:
            group["lr"] = group["base_lr"] * lr_scale
            grads += [p.grad for p in group["params"] if p.grad is not None]
        replace_non_finite_(grads)  # one bad pixel must not poison a shape forever
        self._cache.optimizer.step()
        clamp_all_(self._cache.trainable)

    def _record(self, loss: float, mse: float, ms: float) -> None:
        assert self._schedule.progress is not None
        self._schedule.progress.record(loss)
        stats = self._book.stats
        stats.step += 1
        stats.loss = loss
        stats.psnr = 10.0 * math.log10(1.0 / max(mse, 1e-12))
        stats.ms_per_step = ms if stats.step == 1 else (1 - _EMA) * stats.ms_per_step + _EMA * ms
        stats.num_active = len(self._cache.trainable)

    def _error(self, render: torch.Tensor) -> torch.Tensor:
        return (render[..., : self._target.channels] - self._target.tensor).square().sum(dim=-1)

    def _current_render(self) -> torch.Tensor:
        if self._cache.render is None or self._cache.render_stale:
            with torch.no_grad():
                drawn = [self._tensors[s.id].render for s in self._doc.drawn_shapes()]
                self._cache.render = self._render_all(drawn)
            self._cache.render_stale = False
        return self._cache.render

    def _render_all(self, drawn: list[RenderShape]) -> torch.Tensor:
        if not drawn:
            bg = self._target.background
            return torch.cat([bg[:3] * bg[3], bg[3:]]).expand(self.height, self.width, 4)
        return self._renderer.render(drawn, self.width, self.height, background=self._target.background)

    def _ordered(self, ids: set[str]) -> list[str]:
        """`ids` in paint order (bottom first), dropping ids no longer in the document."""
        return [s.id for s in self._doc.all_shapes() if s.id in ids]

    def _rate_scales(self) -> dict[str, float]:
        """Learning-rate factor of every shape optimized now (absent: frozen)."""
        if self._schedule.stage is None:
            return {}
        scales: dict[str, float] = {}
        for shape in self._doc.all_shapes():
            if not self._doc.is_shape_editable(shape.id):
                continue
            if self._schedule.selection is not None:
                if shape.id in self._schedule.selection:
                    scales[shape.id] = 1.0
            elif shape.id in self._schedule.stage_ids:
                scales[shape.id] = 1.0
            elif self._schedule.stage.older_rate_scale > 0:
                scales[shape.id] = self._schedule.stage.older_rate_scale
        return scales

    def _build_plan(self) -> CompositePlan:
        active = self._rate_scales()
        stack = [
            (s.id, self._tensors[s.id].render, s.id in active) for s in self._doc.drawn_shapes()
        ]
        return build_plan(self._renderer, stack, self.width, self.height, self._target.background)

    def _rebuild_optimizer(self) -> None:
        """Param groups for the shapes optimized now; Adam state carries over for tensors
        that stay, and frozen shapes are absent, so their momentum cannot move them."""
        assert self._schedule.stage is not None
        rates = self._schedule.stage.rates
        groups: dict[tuple[str, float], list[torch.Tensor]] = {}
        scales = self._rate_scales()
        self._cache.trainable = [self._tensors[sid] for sid in scales]
        self._cache.stage_active = [self._tensors[sid].render for sid in scales if sid in self._schedule.stage_ids]
        for sid, scale in scales.items():
            for kind, tensors in self._tensors[sid].by_kind().items():
                groups.setdefault((kind, scale), []).extend(tensors)
        param_groups = [
            {"params": params, "base_lr": lr, "lr": lr}
            for (kind, scale), params in groups.items()
            if params and (lr := getattr(rates, kind) * scale) > 0
        ]
        old = self._cache.optimizer
        # fused: one kernel call updates every tensor; the default loops over hundreds of
        # small tensors, several operations each.
        self._cache.optimizer = torch.optim.Adam(param_groups, fused=True) if param_groups else None
        if old is not None and self._cache.optimizer is not None:
            for group in param_groups:
                for p in group["params"]:
                    if p in old.state:
                        self._cache.optimizer.state[p] = old.state[p]
        self._cache.optimizer_stale = False

    def _invalidate(self) -> None:
        self._cache.plan = None
        self._cache.optimizer_stale = True
        self._cache.render_stale = True

    def _begin_stage(self) -> bool:
        state = TraceState(
            stage_index=self._schedule.index + 1,
            num_shapes=len(self._doc.drawn_shapes()),
            pending_shapes=len(self._ordered(self._schedule.pending_ids)),
        )
        stage, refined = self._next_stage(state)
        self._schedule.reducing = stage is None
        if stage is None:
            stage = self._reduce_round() or self._hidden_round()
            if stage is None:
                self._repair_outlines(set(self._tensors))
                return False
        else:
            self._schedule.rates = stage.rates
            self._schedule.planned += stage.max_steps
        self._schedule.stage, self._schedule.index = stage, self._schedule.index + 1
        self._schedule.progress = StageProgress(stage)
        self._schedule.stage_ids = set(self._ordered(self._schedule.pending_ids)) | refined
        self._schedule.pending_ids.clear()
        if stage.add > 0:
            placed = self.method.place(self._placement_context(), stage.add)
            layer = self._doc.add_layer(stage.layer_name or depth_layer_name(self._schedule.layers_added))
            self._structure_changed()
            self._schedule.layers_added += 1
            for shape in placed:
                shape.origin = Origin.OPTIMIZER
                self._insert(shape, layer, None)
                self._schedule.stage_ids.add(shape.id)
        self._invalidate()
        if not self._schedule.reducing:
            # Refined shapes are not new: methods that focus on new shapes leave them be.
            self.method.on_stage_start(self._stage_context(self._schedule.stage_ids - refined))
        return True

    def _next_stage(self, state: TraceState) -> tuple[Stage | None, set[str]]:
        """The next stage of the session's mode, and the existing shapes it refines."""
        mode = self.mode
        if isinstance(mode, Trace):
            return self.method.next_stage(state), set()
        first = state.stage_index == 0
        values = self.method.values
        steps = mode.steps
        point_lr = values.get("point_lr", LearningRates.points)
        rates = LearningRates(points=point_lr, color=values.get("color_lr", LearningRates.color),
                              paint=values.get("gradient_lr", point_lr))
        common = {"min_steps": min(values.get("min_steps", 0), steps),
                  "patience": values.get("patience", Stage.patience), "rates": rates}
        if first and isinstance(mode, AddPaths):
            return Stage(add=mode.count, max_steps=steps, layer_name=mode.layer_name, **common), set()
        if first and isinstance(mode, Refine):
            chosen = mode.shape_ids if mode.shape_ids is not None else \
                {s.id for s in self._doc.all_shapes()}
            refined = {i for i in chosen if self._doc.is_shape_editable(i)}
            if refined:  # the others held still when a selection is refined
                rest = 1.0 if mode.shape_ids is None else 0.0
                return Stage(add=0, max_steps=steps, older_rate_scale=rest, **common), refined
        if state.pending_shapes > 0:  # drawn after the mode's own stage
            return Stage(add=0, max_steps=steps, **common), set()
        return None, set()

    def _reduce_round(self) -> Stage | None:
        """Remove the least important shapes of this budget round and return the stage that
        re-optimizes the others; None when the budget is met or nothing can be removed."""
        if self._reduction.budget is None:
            return None
        drawn = self._doc.drawn_shapes()
        count = self._reduction.policy.removals(len(drawn), self._reduction.budget)
        removable = [not self._doc.is_shape_locked(s.id) for s in drawn]
        if count == 0 or not any(removable):
            return None
        importance = shape_importance(
            self._renderer, [self._tensors[s.id].render for s in drawn], self._target.tensor, self._target.background
        )
        for index in least_important(importance, removable, count):
            self._remove_drawn(drawn[index].id)
        return self._polish_stage(self._reduction.policy.steps, self._reduction.policy.min_steps)

    def _hidden_round(self) -> Stage | None:
        """Remove the optimizer's shapes that hardly show (a trace's end only) and return the
        stage that places as many new shapes where the error is largest and optimizes all;
        the last round places none. None when no shape is hidden or the rounds are spent."""
        policy = self._reduction.hidden
        if policy is None or not isinstance(self.mode, Trace) or self._reduction.hidden_rounds > policy.rounds:
            return None
        drawn = self._doc.drawn_shapes()
        shares = visible_shares(self._renderer, [self._tensors[s.id].render for s in drawn], self.width, self.height)
        hidden = [s.id for s, share in zip(drawn, shares, strict=True)
                  if share < policy.min_visible and s.origin == Origin.OPTIMIZER and self._doc.is_shape_editable(s.id)]
        if not hidden:
            return None
        for shape_id in hidden:
            self._remove_drawn(shape_id)
        replace = self._reduction.hidden_rounds < policy.rounds
        self._reduction.hidden_rounds += 1
        steps = min(policy.steps, self._schedule.planned)  # a quick trace stays quick
        return self._polish_stage(steps, policy.min_steps, add=len(hidden) if replace else 0)

    def _polish_stage(self, steps: int, min_steps: int, add: int = 0) -> Stage:
        """A round after the method's stages: every shape optimized at the method's latest rates."""
        return Stage(add=add, max_steps=steps, min_steps=min(min_steps, steps),
                     rates=self._schedule.rates, older_rate_scale=1.0)

    def _remove_drawn(self, shape_id: str) -> None:
        """Delete a shape, and its stage layer when that is left empty (clutter now)."""
        found = self._doc.find_shape(shape_id)
        assert found is not None
        self._delete(shape_id)
        if not found[0].shapes:
            self._doc.layers.remove(found[0])

    def _end_stage(self) -> None:
        self._schedule.stage, self._schedule.progress = None, None
        self._schedule.stage_ids = set()
        self._invalidate()

    def _repair_outlines(self, ids: set[str]) -> None:
        """Give the optimizer's shapes among `ids` that knotted simple outlines of what they
        paint (new tensors, so their optimizer state restarts); designers' shapes stay as drawn."""
        ids = {s.id for s in self._doc.all_shapes() if s.id in ids and s.origin == Origin.OPTIMIZER}
        if not self._simple_outlines or not ids:
            return
        for shape_id in ids:
            found = self._doc.find_shape(shape_id)
            if found is not None:
                self._tensors[shape_id].write_to(found[1])
        report = repair_document(self._doc, ids)
        for shape_id in report.dropped:
            del self._tensors[shape_id]
            self._schedule.stage_ids.discard(shape_id)
        for shape_id in report.repaired + report.added:
            found = self._doc.find_shape(shape_id)
            assert found is not None
            self._tensors[shape_id] = ShapeTensors.from_shape(found[1], self.device)
        self.notices += report.notices
        if report.repaired or report.added or report.dropped:
            self._structure_changed()
            self._invalidate()

    def _stage_context(self, ids: set[str]) -> StageContext:
        assert self._schedule.stage is not None
        shapes = [
            self._tensors[sid].render for sid in self._ordered(ids) if self._doc.is_shape_editable(sid)
        ]
        return StageContext(self._schedule.index, self._schedule.stage, self._target.tensor, shapes, self.device)

    def _placement_context(self) -> PlacementContext:
        render = self._current_render()
        drawn = [self._tensors[s.id].render for s in self._doc.drawn_shapes()]
        with torch.no_grad():  # placement is rare: a render of its own is cheap enough
            painted = (self._renderer.render(drawn, self.width, self.height)[..., 3].cpu().numpy()
                       if drawn else np.zeros((self.height, self.width), dtype=np.float32))
        return PlacementContext(
            target=self._target.pixels,
            render=render[..., : self._target.channels].cpu().numpy(),
            error=self._error(render).cpu().numpy(),
            rng=self._rng,
            painted=painted,
        )

    def _insert(self, shape: Shape, layer: Layer, index: int | None) -> None:
        """Add a shape to the document and give it tensors; the caller invalidates."""
        if shape.id in self._tensors or self._doc.find_layer(shape.id) is not None:
            shape.id = new_id("path")
        self._doc.insert_shape(shape, layer, index)
        self._tensors[shape.id] = ShapeTensors.from_shape(shape, self.device)
        self._structure_changed()

    def _added(self, ids: list[str]) -> None:
        """Shapes added by an edit join the running stage, or the next one."""
        if self._schedule.stage is None:
            self._schedule.pending_ids.update(ids)
            return
        self._schedule.stage_ids.update(ids)
        self.method.on_shapes_added(self._stage_context(set(ids)))

    def _apply_edits(self) -> None:
        for edit in self._control.drain():
            self._apply(edit)

    def _apply(self, edit: ed.Edit) -> None:
        match edit:
            case ed.SetLockedEdit(item_id, locked):
                if (item := self._doc.find_item(item_id)) is not None:
                    item.locked = locked
            case ed.SetVisibleEdit(item_id, visible):
                if (item := self._doc.find_item(item_id)) is not None:
                    item.visible = visible
            case ed.DeleteEdit(item_id):
                self._delete(item_id)
            case ed.AddShapeEdit(shape, layer_id, index):
                layer = self._doc.find_layer(layer_id) if layer_id else None
                if layer_id and layer is None:
                    return
                if layer is None:
                    layer = self._doc.layers[-1] if self._doc.layers else self._doc.add_layer("Layer 1")
                new = shape.copy()
                self._insert(new, layer, index)
                self._added([new.id])
            case ed.AddLayerEdit(name, index, layer_id):
                if self._doc.find_layer(layer_id) is not None or layer_id in self._tensors:
                    return
                self._doc.insert_layer(Layer(name=name, id=layer_id), index)
                self._structure_changed()
            case ed.AddShapesAtErrorEdit(count, layer_name, ids):
                placed = self.method.place(self._placement_context(), count)
                layer = self._doc.add_layer(layer_name)
                self._structure_changed()
                for shape, shape_id in zip(placed, ids):
                    shape.id = shape.name = shape_id
                    shape.origin = Origin.OPTIMIZER
                    self._insert(shape, layer, None)
                self._added([s.id for s in layer.shapes])
            case ed.SetFillEdit(shape_id, fill):
                self._reshape(shape_id, lambda shape: setattr(shape, "fill", fill))
            case ed.SetGeometryEdit(shape_id, points, closed, subpaths):
                def regeometry(shape: Shape) -> None:
                    shape.points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
                    if closed is not None:
                        shape.closed = closed
                    if subpaths is not None:
                        shape.subpaths = [np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in subpaths]
                self._reshape(shape_id, regeometry)
            case ed.MoveShapeEdit(shape_id, layer_id, index):
                try:
                    self._doc.move_shape(shape_id, layer_id, index)
                except KeyError:
                    return  # the designer removed it meanwhile
                self._structure_changed()
            case ed.MoveLayerEdit(layer_id, index):
                try:
                    self._doc.move_layer(layer_id, index)
                except KeyError:
                    return
                self._structure_changed()
            case ed.SetSelectionEdit(shape_ids):
                self._schedule.selection = shape_ids
            case _:
                raise TypeError(f"unknown edit {edit!r}")
        self._invalidate()

    def _structure_changed(self) -> None:
        """Shapes or layers were added, removed or reordered (or given new outlines by the
        repair): the next snapshot tells the GUI to read the session's document again."""
        self._book.structure_version += 1

    def _delete(self, item_id: str) -> None:
        try:
            removed = self._doc.remove_item(item_id)
        except KeyError:
            return  # already gone
        self._structure_changed()
        for shape_id in removed:
            del self._tensors[shape_id]
            self._schedule.stage_ids.discard(shape_id)
            self._schedule.pending_ids.discard(shape_id)

    def _reshape(self, shape_id: str, change: Callable[[Shape], None]) -> None:
        """Change a shape's fill or geometry: new tensors from its current values."""
        found = self._doc.find_shape(shape_id)
        if found is None:
            return
        shape = found[1]
        self._tensors[shape_id].write_to(shape)
        change(shape)
        self._tensors[shape_id] = ShapeTensors.from_shape(shape, self.device)


def _traced_target(
    target: np.ndarray, background: tuple[float, float, float, float] | None
) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """The target as the loss compares it and the background the render is composited on.

    RGB targets keep today's rule (no background: white). An RGBA target is traced over the
    document's background as the viewer sees it: as it is over a transparent one, and
    composited (RGB again) over an opaque one.
    """
    if target.shape[2] == 3:
        return target, background or _WHITE
    if background is None:
        return target, (0.0, 0.0, 0.0, 0.0)
    bg = np.asarray(background, dtype=np.float32)
    under = np.concatenate([bg[:3] * bg[3], bg[3:]])
    seen = target + (1.0 - target[..., 3:]) * under
    if bg[3] >= 1.0:
        seen = seen[..., :3]
    return np.ascontiguousarray(seen, dtype=np.float32), background
