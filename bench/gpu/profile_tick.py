"""Where one tick's time goes at maze-small size, B=1024: wall time per tick of the eager and the compiled step (and the
compiled one with TF32 matmuls), and a torch profiler table of ten ticks of the first two (CPU and CUDA time per op).

    source bench/gpu/env.sh; python bench/gpu/profile_tick.py
"""
import json, time, torch
from torch.profiler import profile, ProfilerActivity
from stctm.rollout import make_step
from common import maze_small

dev, B = 'cuda', 1024
m, task, x, target = maze_small(B, dev)
with torch.inference_mode():
    kv = m.unit.project_kv(m.kv(x)); s0 = m.unit.start_state(kv)

def ticks(step, n, s=None):
    g = torch.Generator(device=dev).manual_seed(0)
    s = s0 if s is None else s
    for _ in range(n): s, *_ = step(s, kv, torch.randn(s.z.shape, generator=g, device=dev) * 0.05, target)
    return s

rows = {}
for label, kw, tf32 in (('eager_fp32', {}, False), ('compiled_fp32', dict(compile=True), False),
                        ('compiled_fp32_tf32', dict(compile=True), True)):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    step = make_step(m.unit, task, **kw)
    with torch.inference_mode():
        s = ticks(step, 10); torch.cuda.synchronize(); t0 = time.perf_counter()
        ticks(step, 50, s); torch.cuda.synchronize()
        rows[label] = dict(ms_per_tick=(time.perf_counter() - t0) / 50 * 1e3)
        if tf32: print(f'==== {label}: {rows[label]}'); continue
        with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as p:
            ticks(step, 10, s); torch.cuda.synchronize()
    print(f'==== {label}: {rows[label]}')
    print(p.key_averages().table(sort_by='cuda_time_total', row_limit=20, max_name_column_width=70))
print(json.dumps(rows))
