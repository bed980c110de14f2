"""What the scripts in bench/gpu share: a random-init maze-small CTM with a batch of its task, and the GPU time of a
function replayed as a CUDA graph. The scripts run as `python bench/gpu/NAME.py`, so `from common import ...` finds it."""
import torch
from stctm.core import CTM, capture_graph
from stctm.tasks import preset

def maze_small(B: int, dev: str = 'cuda', seed: int = 0):
    "`(model in eval mode, task, x, target)`: a maze-small CTM initialised from `seed` and the first `B` items of its task, on `dev`."
    pr = preset('maze_small'); torch.manual_seed(seed)
    m = CTM(pr.config).to(dev).eval(); task = pr.task('train', n=B)
    x, target, _ = task.batch(range(B))
    return m, task, x.to(dev), target.to(dev)

def graph_ms(fn, n: int = 50) -> float:
    "GPU milliseconds per call of `fn`, captured as a CUDA graph and replayed `n` times."
    g, _ = capture_graph(fn); g.replay(); torch.cuda.synchronize()
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record()
    for _ in range(n): g.replay()
    b.record(); torch.cuda.synchronize()
    return a.elapsed_time(b) / n
