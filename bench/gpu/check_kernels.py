"""The fused neuron-level-model kernel (stctm.kernels.trace_step) against ThinkingUnit.trace_step on the GPU: equality
of the new history, closeness of the post-activations (fp32 and bf16 products), and GPU time per call (CUDA-graph
replays) at maze-small size, against the compiled bfloat16 torch version it replaces. Exits non-zero on a mismatch.

    source bench/gpu/env.sh; python bench/gpu/check_kernels.py OUT_DIR      (or: bash bench/gpu/kernels.sh)
"""
import json, sys
from pathlib import Path
import torch
from stctm.core import CTM, CTMConfig
from stctm import kernels
from common import graph_ms

out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
rows, dev = [], 'cuda'
def emit(**r): rows.append(r); print(json.dumps(r), flush=True)

torch.manual_seed(0)
cfg = CTMConfig.maze_small()
u = CTM(cfg).unit.to(dev).eval()
with torch.no_grad():
    for p in u.trace_processor.parameters(): p.add_(torch.randn_like(p) * 0.05)   # biases and temperatures off their inits
ok = True
with torch.inference_mode():
    for B in (1024, 100):
        A = torch.randn(B, cfg.d_model, cfg.memory_length, device=dev); a = torch.randn(B, cfg.d_model, device=dev)
        A_ref, z_ref = u.trace_step(A, a)
        with torch.autocast('cuda', dtype=torch.bfloat16): z_auto = u.trace_step(A, a)[1].float()
        for prec in ('fp32', 'bf16'):
            A_new, z = kernels.trace_step(A, a, u, prec)
            r = dict(B=B, precision=prec, history_equal=torch.equal(A_new, A_ref), z_max_abs_diff=(z - z_ref).abs().max().item(),
                     autocast_z_max_abs_diff=(z_auto - z_ref).abs().max().item(), z_max_abs=z_ref.abs().max().item())
            r['ok'] = r['history_equal'] and r['z_max_abs_diff'] <= (1e-4 if prec == 'fp32' else 2 * r['autocast_z_max_abs_diff'] + 1e-3)
            ok &= r['ok']; emit(part='check', **r)
    B = 1024
    A = torch.randn(B, cfg.d_model, cfg.memory_length, device=dev); a = torch.randn(B, cfg.d_model, device=dev)
    torch_bf16 = torch.compile(lambda: u.trace_step(A, a), dynamic=False)
    def compiled_bf16():
        with torch.autocast('cuda', dtype=torch.bfloat16, cache_enabled=False): return torch_bf16()
    emit(part='time', variant='torch_compiled_bf16', gpu_ms=graph_ms(compiled_bf16, 100))
    emit(part='time', variant='torch_eager_fp32', gpu_ms=graph_ms(lambda: u.trace_step(A, a), 100))
    for prec in ('bf16', 'fp32'):
        for bb in (32, 64, 128):
            emit(part='time', variant=f'fused_{prec}', block_b=bb, gpu_ms=graph_ms(lambda: kernels.trace_step(A, a, u, prec, bb), 100))
(out / 'check_kernels.json').write_text(json.dumps(rows, indent=1))
sys.exit(0 if ok else 1)
