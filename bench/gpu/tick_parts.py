"""GPU time of each part of one maze-small tick at B=1024, and of alternative formulations of the slow parts.

    source bench/gpu/env.sh; python bench/gpu/tick_parts.py OUT_DIR      (or: bash bench/gpu/tick_parts.sh)

Every variant is captured as a CUDA graph and replayed, so the times are GPU time without launch overhead. Then a
kernel-level profiler table of the compiled bf16 step (not graphed, so the kernels show). One JSON line per row, and
OUT_DIR/tick_parts.json.
"""
import json, sys, time
from pathlib import Path
import torch, torch.nn.functional as F
from torch.profiler import profile, ProfilerActivity
from stctm.rollout import make_step
from common import maze_small, graph_ms

out_dir = Path(sys.argv[1]); out_dir.mkdir(parents=True, exist_ok=True)
dev = 'cuda' if torch.cuda.is_available() else 'cpu'   # cpu: a smoke test of this script (B=8)
B = 1024 if dev == 'cuda' else 8
m, task, x, target = maze_small(B, dev)
u, cfg = m.unit, m.cfg
rows = []

def emit(**r):
    rows.append(r); print(json.dumps(r), flush=True)

def gpu_ms(fn, n=50):
    "GPU ms per call of `fn` replayed as a CUDA graph (None and the error if capture fails)."
    if dev == 'cpu': return wall_ms(fn, 2), None
    try: return graph_ms(fn, n), None
    except Exception as e:
        return None, f'{type(e).__name__}: {str(e)[:200]}'

def sync():
    if dev == 'cuda': torch.cuda.synchronize()

def wall_ms(fn, n=30):
    for _ in range(3): fn()
    sync(); t0 = time.perf_counter()
    for _ in range(n): fn()
    sync(); return (time.perf_counter() - t0) / n * 1e3

def part(name, fn, compile=False, bf16=False):
    f = torch.compile(fn, dynamic=False) if compile else fn
    def run():
        if bf16:
            with torch.autocast(dev, dtype=torch.bfloat16, cache_enabled=False): return f()
        return f()
    ms, err = gpu_ms(run)
    emit(part=name, compile=compile, bf16=bf16, gpu_ms=ms, error=err)
    torch._dynamo.reset()

with torch.inference_mode():
    kv = u.project_kv(m.kv(x)); s = u.start_state(kv)
    for _ in range(20): s, _, _ = u.tick(s, kv)
    kv16 = type(kv)(*(t.bfloat16() for t in kv))

    # --- whole ticks ---
    for prec in ('fp32', 'bf16'):
        for comp in (False, True):
            if dev == 'cpu' and comp: continue
            step = make_step(u, task, compile=comp, precision=prec, graph=dev == 'cuda')
            kvs = kv
            noise = torch.randn(s.z.shape, device=dev) * 0.05
            step(s, kvs, noise, target)
            again = (lambda: step(step.out[0], kvs, noise, target)) if dev == 'cuda' else (lambda: step(s, kvs, noise, target))
            ms = wall_ms(again, 100 if dev == 'cuda' else 2)
            emit(part='tick_graphed', precision=prec, compile=comp, wall_ms=ms, sample_ticks_per_s=B / ms * 1e3)
            torch._dynamo.reset()
        ms = wall_ms(lambda: u.tick(s, kv), 30 if dev == 'cuda' else 2) if prec == 'fp32' else None
        if ms: emit(part='tick_eager', precision=prec, wall_ms=ms, sample_ticks_per_s=B / ms * 1e3)

    # --- parts ---
    so = torch.cat((s.o, s.z), -1)
    A = s.A.contiguous()
    a = u.synapses(so)
    for comp, bf in ((False, False), (False, True), (True, True)):
        part('synapses', lambda: u.synapses(so), comp, bf)
        part('shift_cat', lambda: torch.cat((A[:, :, 1:], a.unsqueeze(-1)), -1), comp, bf)
        part('nlm_einsum', lambda: u.trace_processor(A), comp, bf)
        part('attend', lambda: u.attend(s.alpha_act, s.beta_act, kv16 if bf else kv), comp, bf)
        part('synch_both', lambda: (u.synch_update('out', s.z, s.alpha_out, s.beta_out),
                                    u.synch_update('action', s.z, s.alpha_act, s.beta_act)), comp, bf)
        part('predict_loss', lambda: task.loss(u.predict(s.alpha_out, s.beta_out)[0], target), comp, bf)
        part('kv_read_only', lambda: (kv16 if bf else kv).k.sum() + (kv16 if bf else kv).v.sum(), comp, bf)

    # NLM alternatives. Weights of the two layers: w1 (M, 2H, D), b1 (1, D, 2H); w2 (H, 2, D), b2 (1, D, 2).
    nlm = u.trace_processor[0]
    l1, l2 = nlm[0], nlm[2]
    for dt in (torch.float32, torch.bfloat16):
        tag = 'bf16' if dt == torch.bfloat16 else 'fp32'
        w1n = l1.w1.permute(2, 0, 1).contiguous().to(dt)       # (D, M, 2H)
        w2n = l2.w2 if hasattr(l2, 'w2') else l2.w1
        w2n = w2n.permute(2, 0, 1).contiguous().to(dt)          # (D, H, 2)
        b1n = l1.b1[0].unsqueeze(1).to(dt)                      # (D, 1, 2H)
        b2n = l2.b1[0].unsqueeze(1).to(dt)                      # (D, 1, 2)
        An = A.permute(1, 0, 2).contiguous().to(dt)             # (D, B, M): neuron-major history
        def nlm_neuron_major():
            h = F.glu(torch.baddbmm(b1n, An, w1n) / l1.T.to(dt), -1)   # (D, B, H)
            return F.glu(torch.baddbmm(b2n, h, w2n) / l2.T.to(dt), -1).squeeze(-1)  # (D, B)
        part(f'nlm_neuron_major_bmm_{tag}', nlm_neuron_major, False, False)
        part(f'nlm_neuron_major_bmm_{tag}', nlm_neuron_major, True, False)
        Ad = A.to(dt); w1d = l1.w1.to(dt); w2d = w2n.permute(1, 2, 0).contiguous()   # (H, 2, D)
        b1d, b2d = l1.b1.to(dt), l2.b1.to(dt)
        def nlm_mulsum():
            h = (Ad.unsqueeze(-1) * w1d.permute(2, 0, 1)).sum(-2) + b1d      # (B, D, M, 1) * (D, M, 2H) -> (B, D, 2H)
            h = F.glu(h / l1.T.to(dt), -1)
            o = (h.unsqueeze(-1) * w2d.permute(2, 0, 1)).sum(-2) + b2d       # (B, D, 2)
            return F.glu(o / l2.T.to(dt), -1).squeeze(-1)
        part(f'nlm_mulsum_{tag}', nlm_mulsum, True, False)
        ref = u.trace_processor(A)
        emit(part=f'nlm_check_{tag}', neuron_major_max_diff=(nlm_neuron_major().T.float() - ref).abs().max().item(),
             mulsum_max_diff=(nlm_mulsum().float() - ref).abs().max().item())

    # attention alternatives (q of length 1): plain matmuls
    d, h = cfg.d_input, cfg.heads
    def attend_matmul(kvx):
        W, b = u.attention.in_proj_weight, u.attention.in_proj_bias
        q = F.linear(u.q_proj(s.alpha_act / torch.sqrt(s.beta_act)), W[:d], b[:d]).view(-1, h, 1, d // h)
        w = torch.softmax((q @ kvx.k.transpose(-1, -2)) / (d // h) ** 0.5, -1)      # (B, h, 1, N)
        return u.attention.out_proj((w @ kvx.v).reshape(-1, d))
    for comp in (False, True):
        part('attend_matmul', lambda: attend_matmul(kv), comp, False)
        part('attend_matmul', lambda: attend_matmul(kv16), comp, True)

    # kernel table of the compiled bf16 step (not graphed)
    step = make_step(u, task, compile=True, precision='bf16')
    noise = torch.randn(s.z.shape, device=dev) * 0.05
    for _ in range(5): step(s, kv16, noise, target)
    if dev == 'cpu': sys.exit(0)
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as p:
        for _ in range(10): step(s, kv16, noise, target)
        torch.cuda.synchronize()
    table = p.key_averages().table(sort_by='cuda_time_total', row_limit=40, max_name_column_width=90)
    (out_dir / 'tick_kernels_bf16.txt').write_text(table); print(table)
(out_dir / 'tick_parts.json').write_text(json.dumps(rows, indent=1))
