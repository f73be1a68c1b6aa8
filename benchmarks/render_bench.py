"""Renderer speed on the baseline scene family (../shared/reference/baselines.md).

N closed 4-segment blobs (random centre, radius 3–20 % of the canvas, RGBA fill with alpha in
[0.3, 1]), MSE loss against a fixed random target; median of N runs after warm-up; peak memory
(CUDA: max allocated; CPU: growth of the process's peak RSS during the rows). Also prints the
error against resvg on the same scene so speed is never bought with wrong edges.

    python benchmarks/render_bench.py [--device cpu|cuda|all] [--runs 5] [--renderer torch]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from editor.render import get_renderer
from tests.render_scenes import blob_scene

# diffvg, 2×2 samples, on the 2-core CPU this project is developed on (baselines.md).
DIFFVG_CPU_MS = {
    (256, 16): (71, 350), (256, 64): (153, 693), (256, 256): (488, 2367),
    (512, 16): (234, 1555), (512, 64): (541, 2618), (512, 256): (1896, 8850),
}


def _sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def _time(fn, device: str, runs: int) -> float:
    fn()
    fn()
    times = []
    for _ in range(runs):
        _sync(device)
        start = time.perf_counter()
        fn()
        _sync(device)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _peak_mb(device: str) -> float:
    if device == "cuda":
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reference_error(scene, image: torch.Tensor) -> tuple[float, float]:
    try:
        from tests.reference_raster import rasterize_svg_reference
    except ImportError:
        return float("nan"), float("nan")
    ref = rasterize_svg_reference(scene.svg, scene.size, scene.size)
    err = np.abs(image.detach().cpu().numpy()[..., :3] - ref[..., :3])
    return float(err.mean()), float(np.quantile(err, 0.99))


def bench_row(renderer, device: str, size: int, count: int, runs: int) -> dict:
    scene = blob_scene(count, size, seed=0)
    shapes = scene.shapes
    for s in shapes:
        s.points = s.points.to(device).requires_grad_(True)
        s.fill.color = s.fill.color.to(device).requires_grad_(True)
    white = torch.ones(4, device=device)
    target = torch.rand(size, size, 4, generator=torch.Generator().manual_seed(1)).to(device)

    def forward() -> torch.Tensor:
        with torch.no_grad():
            return renderer.render(shapes, size, size, background=white)

    def forward_backward() -> None:
        loss = ((renderer.render(shapes, size, size, background=white) - target) ** 2).mean()
        loss.backward()

    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    before = _peak_mb(device)
    fwd = _time(forward, device, runs)
    fwd_bwd = _time(forward_backward, device, runs)
    peak = _peak_mb(device) - (0 if device == "cuda" else before)
    mae, p99 = _reference_error(scene, forward())
    return {"size": size, "paths": count, "fwd": fwd, "fwd_bwd": fwd_bwd, "peak_mb": peak, "mae": mae, "p99": p99}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", choices=["cpu", "cuda", "all"], default="all")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--renderer", default="torch")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    devices = ["cpu", "cuda"] if args.device == "all" else [args.device]
    devices = [d for d in devices if d == "cpu" or torch.cuda.is_available()]
    renderer = get_renderer(args.renderer)
    print(f"renderer={renderer.name} torch={torch.__version__} threads={torch.get_num_threads()}")
    print("| device | canvas | paths | forward ms | fwd+bwd ms | diffvg CPU fwd+bwd ms | speed-up | peak MB | MAE vs resvg | p99 vs resvg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for device in devices:
        for size in (256, 512):
            for count in (16, 64, 256):
                row = bench_row(renderer, device, size, count, args.runs)
                ref_fb = DIFFVG_CPU_MS[(size, count)][1]
                print(
                    f"| {device} | {size}² | {count} | {row['fwd']:.1f} | {row['fwd_bwd']:.1f} | {ref_fb} | "
                    f"{ref_fb / row['fwd_bwd']:.1f}× | {row['peak_mb']:.0f} | {row['mae']:.4f} | {row['p99']:.4f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
