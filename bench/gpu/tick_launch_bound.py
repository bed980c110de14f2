"""Is the tick bound by its launches? Wall time and host (CPU) time per tick of the compiled step at maze-small size,
B=1024, fp32 and bf16 (keys and values given in fp32 or already in bf16), and torch.compile's 'reduce-overhead' mode
(CUDA graphs through cudagraph trees), which failed here: 'accessing tensor output of CUDAGraphs that has been
overwritten by a subsequent run' (hence `stctm.generate.GraphedStep`).

    source bench/gpu/env.sh; python bench/gpu/tick_launch_bound.py
"""
import json, time, torch
from stctm.core import AttentionKV
from stctm.rollout import make_step
from common import maze_small
torch._dynamo.config.recompile_limit = 64
dev, B = 'cuda', 1024
m, task, x, target = maze_small(B, dev)
with torch.inference_mode():
    kv32 = m.unit.project_kv(m.kv(x)); s0 = m.unit.start_state(kv32)
kv16 = AttentionKV(kv32.k.bfloat16(), kv32.v.bfloat16())

def per_tick(step, kv, n=60, mark=False):
    g = torch.Generator(device=dev).manual_seed(0)
    def one(s):
        if mark: torch.compiler.cudagraph_mark_step_begin()
        return step(s, kv, torch.randn(s.z.shape, generator=g, device=dev) * 0.05, target)[0]
    with torch.inference_mode():
        s = s0
        for _ in range(10): s = one(s)
        torch.cuda.synchronize(); t0 = time.perf_counter()
        for _ in range(n): s = one(s)
        t_cpu = time.perf_counter() - t0
        torch.cuda.synchronize()
    return dict(ms_per_tick=(time.perf_counter() - t0) / n * 1e3, cpu_ms_per_tick=t_cpu / n * 1e3, sample_ticks_per_s=B * n / (time.perf_counter() - t0))

rows = {}
for label, prec, kv, mode in [('compiled_fp32', 'fp32', kv32, None), ('compiled_bf16_kv32', 'bf16', kv32, None),
                              ('compiled_bf16_kv16', 'bf16', kv16, None),
                              ('compiled_bf16_kv16_cudagraphs', 'bf16', kv16, 'reduce-overhead'),
                              ('compiled_fp32_cudagraphs', 'fp32', kv32, 'reduce-overhead')]:
    torch._dynamo.reset(); step = make_step(m.unit, task, precision=prec)
    step = torch.compile(step, dynamic=False, mode=mode)
    try: rows[label] = per_tick(step, kv, mark=mode is not None)
    except Exception as e: rows[label] = dict(error=repr(e)[:300])
    print(label, rows[label], flush=True)
print(json.dumps(rows))
