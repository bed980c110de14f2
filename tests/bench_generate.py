"""GPU measurements of the generator (Milestones 2, 3 and the proposal's experiment B).

    python tests/bench_generate.py PART [PART ...] --out DIR [--device cuda]

PARTS
  yield      random-init yield (loose rule) and yield by tick on mazes (maze_small) and parity (parity_16)
  modes      experiment B: time and peak GPU memory of modes 1, 2, 3 at T=250 and T=1000, same batch
  e2e        end-to-end generation sample-ticks/s at maze_small for B=64, 256, 1024 against the eager rollout
             (--precisions fp32 bf16 --keeps 1 0.01 --disk_modes 2 3: the levers still to measure for the 3x target)
  threads    pairs/minute of the threaded pipeline against the single-threaded version of the same work
  stability  a run of several minutes: no deadlock, counts conserved (also on the CPU: --device cpu
             --stability_preset tiny_maze --stability_batch 32 --stability_ticks 100)
Each part prints one JSON line per measurement and writes DIR/PART.json (and PNG plots).
"""
import argparse, json, shutil, sys, tempfile, threading, time
from pathlib import Path
import torch
from stctm.core import CTM
from stctm.tasks import preset
from stctm.generate import DataGenerator, GenerateConfig, setup_run, save_yield_plot

class NullWriter:
    "Counts pairs and drops them: isolates the GPU->CPU scheduling from disk writing."
    def __init__(self): self.published, self.n = [], 0
    def write(self, pair): self.n += len(pair)
    def close(self): pass
    def abort(self): pass
    def __enter__(self): return self
    def __exit__(self, *a): pass

def utilisation(stop, out):
    "Sample the GPU's utilisation (NVML, % of time a kernel ran) every 0.1 s until `stop`."
    while not stop.is_set():
        try: out.append(torch.cuda.utilization())
        except Exception: return
        time.sleep(0.1)

DEVICE = 'cuda'

def generate(run, preset_name, batches, null=False, **cfg):
    wm, buf, task = setup_run(run, preset_name, experts=2, seed=0)
    gen = DataGenerator(wm, buf, task, GenerateConfig(**cfg), device=DEVICE,
                        writer_factory=NullWriter if null else None)
    samples, stop = [], threading.Event()
    th = threading.Thread(target=utilisation, args=(stop, samples), daemon=True); th.start()
    s = gen.run(batches)
    stop.set(); th.join()
    s['gpu_util_nvml'] = sum(samples) / len(samples) if samples else None
    s['buffer_pairs'] = buf.count() if not null else None
    s['bytes_on_disk'] = sum(p.stat().st_size for p in Path(run).rglob('*.tar'))
    s['null_writer'] = null
    s['conserved'] = (s['scanned'] == s['kept'] + s['rejected'] and s['kept'] == s['written'] + s['thinned']
                      and (null or s['buffer_pairs'] == s['written']))
    shutil.rmtree(run, ignore_errors=True)
    return s

def eager_rollout(preset_name, B, T):
    "Sample-ticks/s of the plain eager CTM.forward (= the reference CTM) on the same model and input size."
    pr = preset(preset_name); torch.manual_seed(0)
    m = CTM(pr.config).cuda().eval()
    x = torch.stack([pr.task('train', n=B)[i][0] for i in range(B)]).cuda()
    with torch.no_grad():
        m(x, ticks=5); torch.cuda.synchronize(); t0 = time.perf_counter()
        m(x, ticks=T); torch.cuda.synchronize()
    return B * T / (time.perf_counter() - t0)

KEEP = ('mode', 'threaded', 'precision', 'keep', 'thinned', 'batch_size', 'ticks', 'batches', 'scanned', 'kept', 'written',
        'yield_', 'seconds', 'sample_ticks_per_s', 'pairs_per_s', 'gpu_busy', 'gpu_util_nvml', 'peak_gpu_gib', 'conserved', 'null_writer',
        'bytes_on_disk', 'max_slots_in_use')

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('parts', nargs='+'); ap.add_argument('--out', required=True)
    ap.add_argument('--scratch', default=None); ap.add_argument('--stability_minutes', type=float, default=3)
    ap.add_argument('--tf32', action='store_true', help='allow TF32 matmuls in the rollout (generation only)')
    ap.add_argument('--device', default='cuda', help='cuda, or cpu for the stability part')
    ap.add_argument('--batches', type=int, nargs='+', default=[64, 256, 1024], help='e2e: batch sizes')
    ap.add_argument('--precisions', nargs='+', default=['fp32'], help='e2e: fp32 and/or bf16 (GenerateConfig.precision)')
    ap.add_argument('--keeps', type=float, nargs='+', default=[1.0], help='e2e: shares of passing pairs written (GenerateConfig.keep)')
    ap.add_argument('--disk_modes', type=int, nargs='*', default=[], help='e2e: also these modes, compiled, writing to disk at every B')
    ap.add_argument('--stability_preset', default='maze_small', help='task + model preset of the stability part')
    ap.add_argument('--stability_batch', type=int, default=256); ap.add_argument('--stability_ticks', type=int, default=250)
    a = ap.parse_args()
    global DEVICE; DEVICE = a.device
    if a.device == 'cpu' and set(a.parts) - {'stability'}: sys.exit('only the stability part runs on the CPU')
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = a.tf32
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    scratch = Path(a.scratch or tempfile.mkdtemp())
    dev = torch.cuda.get_device_name() if a.device == 'cuda' else f'cpu ({torch.get_num_threads()} threads)'
    for part in a.parts:
        rows = []
        def emit(**r):
            r = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()} | dict(part=part, device=dev)
            r['tf32'] = a.tf32; rows.append(r); print(json.dumps(r), flush=True)
        run = lambda name: scratch / f'{part}-{name}'
        if part == 'yield':
            for name, B in (('maze_small', 256), ('parity_16', 1024)):
                s = generate(run(name), name, 2, batch_size=B, ticks=250, p=0.5, compile=False, writers=2)
                save_yield_plot(s, out / f'yield_{name}.png')
                emit(preset=name, **{k: s[k] for k in KEEP}, yield_by_tick=s['yield_by_tick'])
        elif part == 'modes':
            for T in (250, 1000):
                for mode in (1, 2, 3):
                    s = generate(run(f'{T}{mode}'), 'maze_small', 1, null=True, batch_size=256, ticks=T,
                                 mode=mode, chunk=25, workers=4)
                    emit(preset='maze_small', **{k: s[k] for k in KEEP})
        elif part == 'e2e':
            for B in a.batches:
                emit(preset='maze_small', variant='eager_rollout', batch_size=B, ticks=250,
                     sample_ticks_per_s=eager_rollout('maze_small', B, 250))
                variants = [(2, False, True), (3, False, True), (3, True, True)] + ([(3, True, False)] if B <= 256 else [])
                variants = list(dict.fromkeys(variants + [(m, True, False) for m in a.disk_modes]))
                for prec in a.precisions:
                    for keep in a.keeps:
                        for mode, comp, null in variants:
                            opts = dict(batch_size=B, mode=mode, compile=comp, precision=prec, keep=keep)
                            if comp: generate(run('warm'), 'maze_small', 1, null=True, ticks=10, **opts)
                            s = generate(run(f'{B}{mode}{comp}{null}{prec}{keep}'), 'maze_small', 1 if not null else 2,
                                         null=null, ticks=250, writers=4, workers=4, **opts)
                            emit(preset='maze_small', variant=f'generate_mode{mode}' + ('_compiled' if comp else '') +
                                 ('_nullwriter' if null else ''), precision=prec, keep=keep, **{k: s[k] for k in KEEP})
        elif part == 'threads':
            for threaded in (False, True):
                s = generate(run(str(threaded)), 'maze_small', 1, batch_size=256, ticks=250, threaded=threaded,
                             workers=4, writers=4)
                emit(preset='maze_small', pairs_per_minute=s['pairs_per_s'] * 60, **{k: s[k] for k in KEEP})
        elif part == 'stability':
            # one long run (threads, queues and the ring live for all of it), sized from a 6-batch calibration run
            kw = dict(batch_size=a.stability_batch, ticks=a.stability_ticks, workers=4, writers=2)
            cal = generate(run('calibrate'), a.stability_preset, 6, **kw)
            n = max(4, int(60 * a.stability_minutes / (cal['seconds'] / 6)))
            s = generate(run('long'), a.stability_preset, n, **kw)
            emit(preset=a.stability_preset, minutes_asked=a.stability_minutes, **{k: s[k] for k in KEEP},
                 rejected=s['rejected'], shards=s['shards'])
        else: sys.exit(f'unknown part {part!r}')
        (out / f'{part}.json').write_text(json.dumps(rows, indent=1))

if __name__ == '__main__': main()
