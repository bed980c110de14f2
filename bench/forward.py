"""Eval throughput of `CTM.forward` (sample-ticks/s) at the reference maze-small config, optionally beside the
reference implementation run on the same weights, and an exploratory `torch.compile`d tick.

    python bench/forward.py --batches 64 256 1024 --ticks 250 [--reference PATH] [--compile] [--out FILE]

PATH is a checkout of SakanaAI/continuous-thought-machines (not part of stctm). Prints one JSON line per measurement.
"""
import argparse, contextlib, io, json, sys, time
import torch
from stctm.core import CTM, CTMConfig, State, STATE_FIELDS, default_device
from stctm.reference import to_reference_state_dict

def timed(fn, device, repeats):
    "Median wall time of `fn()` over `repeats` runs after one warm-up, with the device synchronised."
    fn(); times = []
    for _ in range(repeats):
        if device == 'cuda': torch.cuda.synchronize()
        t0 = time.perf_counter(); fn()
        if device == 'cuda': torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]

def compiled_rollout(model, mode):
    "A rollout whose tick is `torch.compile`d (exploratory: the generator issue makes this the fast path)."
    unit = model.unit
    def step(kv, *fields):
        s, y, C = unit.tick(State(*fields), kv)
        return (*[getattr(s, k) for k in STATE_FIELDS], y, C)
    step = torch.compile(step, mode=mode, dynamic=False)
    def run(x, ticks):
        kv = model.kv(x); s = unit.start_state(kv)
        fields = [getattr(s, k).contiguous() for k in STATE_FIELDS]
        ys = []
        for _ in range(ticks):
            *fields, y, C = step(kv, *fields); ys.append(y)
        return torch.stack(ys, -1)
    return run

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--batches', type=int, nargs='+', default=[64, 256, 1024])
    ap.add_argument('--ticks', type=int, default=250)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--reference', default=None)
    ap.add_argument('--compile', nargs='*', default=None, help='torch.compile modes to try, e.g. default reduce-overhead')
    ap.add_argument('--device', default=default_device())
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    dev, T = a.device, a.ticks
    if dev == 'cuda': torch.backends.cuda.matmul.allow_tf32 = False; torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(0)
    cfg = CTMConfig.maze_small()
    model = CTM(cfg).to(dev).eval()
    rows = []
    def emit(**r):
        r |= dict(device=torch.cuda.get_device_name() if dev == 'cuda' else 'cpu', config='maze_small', ticks=T, dtype='fp32')
        rows.append(r); print(json.dumps(r), flush=True)
    ref = None
    if a.reference:
        sys.path.insert(0, a.reference)
        from models.ctm import ContinuousThoughtMachine
        kw = dict(iterations=T, d_model=cfg.d_model, d_input=cfg.d_input, heads=cfg.heads, n_synch_out=cfg.n_synch_out,
                  n_synch_action=cfg.n_synch_action, synapse_depth=cfg.synapse_depth, memory_length=cfg.memory_length,
                  deep_nlms=cfg.deep_nlms, memory_hidden_dims=cfg.memory_hidden_dims, do_layernorm_nlm=False,
                  backbone_type=cfg.backbone_type, positional_embedding_type='none', out_dims=cfg.out_dims,
                  prediction_reshaper=cfg.prediction_reshaper, dropout=0.0, neuron_select_type=cfg.neuron_select_type)
        with contextlib.redirect_stdout(io.StringIO()):
            ref = ContinuousThoughtMachine(**kw).to(dev).eval()
            with torch.no_grad(): ref(torch.randn(2, 3, 19, 19, device=dev))
        ref.load_state_dict(to_reference_state_dict(model))
        with torch.no_grad():
            x = torch.randn(64, 3, 19, 19, device=dev)
            rp, rc = ref(x)[:2]; op, oc = model(x, ticks=T)
        emit(kind='agreement', batch=64, max_abs_diff_predictions=(rp - op).abs().max().item(),
             max_abs_diff_certainties=(rc - oc).abs().max().item())
    for B in a.batches:
        x = torch.randn(B, 3, 19, 19, device=dev)
        variants = [('stctm_eager', lambda: model(x, ticks=T))]
        if ref is not None: variants.append(('reference_eager', lambda: ref(x)))
        for mode in (a.compile or []):
            run = compiled_rollout(model, None if mode == 'default' else mode)
            variants.append((f'stctm_compiled_{mode}', lambda run=run: run(x, T)))
        for name, fn in variants:
            if dev == 'cuda': torch.cuda.reset_peak_memory_stats()
            with torch.no_grad(): s = timed(fn, dev, a.repeats)
            peak = torch.cuda.max_memory_allocated() / 2**30 if dev == 'cuda' else None
            emit(kind='throughput', variant=name, batch=B, seconds=round(s, 4), sample_ticks_per_s=round(B * T / s),
                 peak_gib=None if peak is None else round(peak, 3))
    if a.out:
        with open(a.out, 'w') as f: json.dump(rows, f, indent=1)

if __name__ == '__main__': main()
