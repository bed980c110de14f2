"""Measurements of the generator (stctm.generate), on the GPU unless --device cpu.

    python bench/generate.py PART [PART ...] --out DIR [--device cuda]

PARTS
  yield      random-init yield (--rules, default loose) and yield by tick on mazes (maze_small) and parity (parity_16)
  modes      scheduling modes: time and peak GPU memory of modes 1, 2, 3 at T=250 and T=1000, same batch
  e2e        end-to-end generation sample-ticks/s (--preset, default maze_small) for B=64, 256, 1024 against the eager
             rollout of the same model, and the noisy rollout alone (eager and compiled) at each --precisions;
             generation runs compiled, in each of --modes (pairs to disk) and --null_modes (pairs dropped), at each --keeps
  threads    pairs/minute of the threaded pipeline against the single-threaded version of the same work
  stability  a run of several minutes: no deadlock, counts conserved (also on the CPU: --device cpu
             --stability_preset tiny_maze --stability_batch 32 --stability_ticks 100)
  graphcheck largest differences between the plain rollout and its compiled / CUDA-graph versions (B=64, T=30)
Each part prints one JSON line per measurement and writes DIR/PART.json (and PNG plots).
"""
import argparse, json, shutil, sys, tempfile, threading, time
from pathlib import Path
import torch
from stctm.core import CTM
from stctm.tasks import preset
from stctm.generate import DataGenerator, GenerateConfig, setup_run, save_yield_plot
from stctm.rollout import make_step, rollout_chunks

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
WARMED = set()

def sync():
    if DEVICE == 'cuda': torch.cuda.synchronize()

PROFILE = None   # a folder: profile every generation run there (torch profiler tables, CPU and CUDA, with Python stacks)

def profiled(fn, name):
    "`fn()`, under the torch profiler when PROFILE is set; its tables go to PROFILE/profile_<name>.txt."
    if PROFILE is None: return fn()
    from torch.profiler import profile, ProfilerActivity
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if DEVICE == 'cuda' else [])
    with profile(activities=acts, with_stack=True) as p: out = fn()
    ka = p.key_averages()
    tables = [f'==== by self CPU time\n{ka.table(sort_by="self_cpu_time_total", row_limit=40, max_name_column_width=60)}',
              '==== by Python stack (5 frames), self CPU time\n' +
              p.key_averages(group_by_stack_n=5).table(sort_by='self_cpu_time_total', row_limit=25, max_name_column_width=60)]
    if DEVICE == 'cuda':
        tables.insert(1, f'==== by CUDA time\n{ka.table(sort_by="cuda_time_total", row_limit=40, max_name_column_width=60)}')
    (Path(PROFILE) / f'profile_{name}.txt').write_text('\n\n'.join(tables))
    return out

def generate(run, preset_name, batches, null=False, warmup=False, **cfg):
    "One `DataGenerator.run` of `batches` batches (after one untimed batch when `warmup`: compiles the tick) and its summary."
    wm, buf, task = setup_run(run, preset_name, experts=2, seed=0)
    if preset_name not in WARMED:                   # build every task item once: the steady state of a long run
        task.batch(range(len(task))); WARMED.add(preset_name)
    gen = DataGenerator(wm, buf, task, GenerateConfig(**cfg), device=DEVICE,
                        writer_factory=NullWriter if null else None)
    if warmup: gen.preload(); gen.run(1)           # every weight file loaded, the tick compiled: the steady state
    before = 0 if null else buf.count()
    samples, stop = [], threading.Event()
    th = threading.Thread(target=utilisation, args=(stop, samples), daemon=True); th.start()
    s = profiled(lambda: gen.run(batches + int(warmup), first=int(warmup)), Path(run).name)
    stop.set(); th.join()
    s['gpu_util_nvml'] = sum(samples) / len(samples) if samples else None
    s['buffer_pairs'] = buf.count() - before if not null else None
    s['bytes_on_disk'] = sum(p.stat().st_size for p in Path(run).rglob('*.tar'))
    s['null_writer'] = null
    s['conserved'] = (s['scanned'] == s['kept'] + s['rejected'] and s['kept'] == s['written'] + s['thinned']
                      and (null or s['buffer_pairs'] == s['written']))
    shutil.rmtree(run, ignore_errors=True)
    return s

def model_and_batch(preset_name, B):
    pr = preset(preset_name); torch.manual_seed(0)
    task = pr.task('train', n=B)
    x, target, _ = task.batch(range(B))
    return CTM(pr.config).to(DEVICE).eval(), task, x.to(DEVICE), target.to(DEVICE)

def timed(fn, warm):
    fn(warm); sync(); t0 = time.perf_counter(); n = fn(); sync()
    return n / (time.perf_counter() - t0)

def eager_rollout(preset_name, B, T):
    "Sample-ticks/s of the plain eager CTM.forward (= the reference CTM) on the same model and input size."
    m, _, x, _ = model_and_batch(preset_name, B)
    def go(ticks=T):
        with torch.no_grad(): m(x, ticks=ticks)
        return B * ticks
    return timed(go, 5)

def rollout_rate(preset_name, B, T, precision, compile, graph, chunk, fused=False):
    "Sample-ticks/s of the noisy rollout alone: `rollout_chunks` with the generator's step, chunks built on the device, nothing filtered or copied."
    m, task, x, target = model_and_batch(preset_name, B)
    cuda = DEVICE == 'cuda'
    step = make_step(m.unit, task, compile=compile and cuda, precision=precision, graph=graph and cuda, fused=fused and cuda)
    def go(ticks=T):
        with torch.inference_mode():
            for _ in rollout_chunks(m, task, x, target, ticks, chunk, 0.05, 0, step=step): pass
        return B * ticks
    return timed(go, min(T, 2 * chunk))

def graph_check(preset_name, B, T, chunk, precision):
    "Largest differences between the plain rollout and its compiled / graphed versions (same weights, noise and inputs)."
    m, task, x, target = model_and_batch(preset_name, B)
    def roll(**kw):
        with torch.inference_mode():
            chunks = list(rollout_chunks(m, task, x, target, T, chunk, 0.05, 7, step=make_step(m.unit, task, precision=precision, **kw)))
        return {k: torch.cat([getattr(c, k) for c in chunks], 1) for k in ('y', 'L', 'C')} | {
            'z': torch.cat([c.states.z for c in chunks], 1)}
    ref = roll()
    out = {}
    variants = (('graph', dict(graph=True)), ('compiled', dict(compile=True)), ('compiled_graph', dict(compile=True, graph=True)),
                ('fused', dict(fused=True)), ('compiled_graph_fused', dict(compile=True, graph=True, fused=True)))
    for name, kw in variants:
        got = roll(**kw)
        out[name] = {k: (got[k] - ref[k]).abs().max().item() for k in ref}
    return out

KEEP = ('mode', 'threaded', 'precision', 'keep', 'thinned', 'batch_size', 'ticks', 'batches', 'scanned', 'kept', 'written',
        'compile', 'graph', 'fused', 'yield_', 'seconds', 'sample_ticks_per_s', 'pairs_per_s', 'gpu_busy', 'gpu_util_nvml', 'peak_gpu_gib', 'conserved', 'null_writer',
        'bytes_on_disk', 'max_slots_in_use', 'host_s')

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('parts', nargs='+'); ap.add_argument('--out', required=True)
    ap.add_argument('--scratch', default=None)
    ap.add_argument('--device', default='cuda', help='cuda, or cpu (smoke tests, and the stability part)')
    ap.add_argument('--tf32', action='store_true', help='allow TF32 matmuls in the rollout (generation only)')
    ap.add_argument('--fused', action='store_true', help='e2e: the fused neuron-level-model kernel (stctm.kernels) in the generation runs, and rollout-alone rows with it; stability: the fast path (compiled, graphed, fused, first of --precisions, --writers)')
    ap.add_argument('--preset', default='maze_small', help='e2e: task + model preset')
    ap.add_argument('--ticks', type=int, default=250, help='e2e: rollout length')
    ap.add_argument('--batches', type=int, nargs='+', default=[64, 256, 1024], help='e2e: batch sizes')
    ap.add_argument('--precisions', nargs='+', default=['fp32'], help='e2e: fp32 and/or bf16 (GenerateConfig.precision)')
    ap.add_argument('--keeps', type=float, nargs='+', default=[1.0], help='e2e: shares of passing pairs written (GenerateConfig.keep)')
    ap.add_argument('--modes', type=int, nargs='*', default=[3], help='e2e: modes run compiled, writing pairs to disk')
    ap.add_argument('--null_modes', type=int, nargs='*', default=[], help='e2e: modes run compiled, pairs built and dropped')
    ap.add_argument('--profile', action='store_true', help='profile each generation run (tables in OUT/profile_<run>.txt; timings then include the profiler)')
    ap.add_argument('--skip_rollouts', action='store_true', help='e2e: only the eager baseline and the generation runs')
    ap.add_argument('--gen_batches', type=int, default=3, help='e2e: timed batches per generation run (after one warm-up batch)')
    ap.add_argument('--chunks', type=int, nargs='+', default=[25], help='e2e: ticks per chunk of the generation runs (the first also for the rollout alone)')
    ap.add_argument('--graphs', type=int, nargs='+', default=[1], help='e2e: generation runs without (0) and/or with (1) the tick as a CUDA graph')
    ap.add_argument('--writers', type=int, default=4, help='e2e: I/O threads of the generation runs')
    ap.add_argument('--switch_intervals', type=float, nargs='+', default=[0], help="e2e: GenerateConfig.switch_interval of the generation runs (0: leave Python's, 5e-3)")
    ap.add_argument('--rules', nargs='+', default=['loose'], help='yield: filter rules')
    ap.add_argument('--yield_keep', type=float, default=1.0, help='yield: thinning of what is written (the yield counts every passing pair)')
    ap.add_argument('--stability_minutes', type=float, default=3)
    ap.add_argument('--stability_preset', default='maze_small', help='task + model preset of the stability part')
    ap.add_argument('--stability_batch', type=int, default=256); ap.add_argument('--stability_ticks', type=int, default=250)
    ap.add_argument('--stability_mode', type=int, default=2); ap.add_argument('--stability_keep', type=float, default=1.0)
    a = ap.parse_args()
    global DEVICE, PROFILE; DEVICE, PROFILE = a.device, (a.out if a.profile else None)
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = a.tf32
    torch._dynamo.config.recompile_limit = 64          # every generator compiles its own step; past the limit torch runs eager
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    scratch = Path(a.scratch or tempfile.mkdtemp())
    dev = torch.cuda.get_device_name() if a.device == 'cuda' else f'cpu ({torch.get_num_threads()} threads)'
    for part in a.parts:
        rows = []
        def emit(**r):
            r = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()} | dict(part=part, device=dev)
            r['tf32'] = a.tf32; rows.append(r); print(json.dumps(r), flush=True)
            (out / f'{part}.json').write_text(json.dumps(rows, indent=1))       # after every row: a timeout loses nothing
        run = lambda name: scratch / f'{part}-{name}'
        if part == 'yield':
            for rule in a.rules:
                for name, B in (('maze_small', 256), ('parity_16', 1024)):
                    s = generate(run(name), name, 2, batch_size=B, ticks=250, p=0.5, rule=rule, keep=a.yield_keep, writers=2)
                    save_yield_plot(s, out / f'yield_{name}_{rule}.png')
                    emit(preset=name, rule=rule, **{k: s[k] for k in KEEP}, yield_by_tick=s['yield_by_tick'])
        elif part == 'modes':
            for T in (250, 1000):
                for mode in (1, 2, 3):
                    s = generate(run(f'{T}{mode}'), 'maze_small', 1, null=True, batch_size=256, ticks=T,
                                 mode=mode, chunk=25, workers=4)
                    emit(preset='maze_small', **{k: s[k] for k in KEEP})
        elif part == 'e2e':
            T, common = a.ticks, dict(preset=a.preset, ticks=a.ticks)
            for B in a.batches:
                emit(variant='eager_rollout', precision='fp32', batch_size=B, sample_ticks_per_s=eager_rollout(a.preset, B, T), **common)
                for prec in a.precisions:
                    variants = ((False, False, False), (True, False, False), (False, True, False), (True, True, False))
                    if a.fused: variants = ((True, True, False), (False, False, True), (True, True, True))
                    for comp, graph, fused in () if a.skip_rollouts else variants:
                        emit(variant='rollout' + '_compiled' * comp + '_graph' * graph + '_fused' * fused, precision=prec, batch_size=B,
                             chunk=a.chunks[0], sample_ticks_per_s=rollout_rate(a.preset, B, T, prec, comp, graph, a.chunks[0], fused), **common)
                    for keep in a.keeps:
                        for chunk in a.chunks:
                            for graph in a.graphs:
                                for (mode, null), sw in ((mn, sw) for mn in [(m, False) for m in a.modes] + [(m, True) for m in a.null_modes]
                                                         for sw in a.switch_intervals):
                                    s = generate(run(f'{B}{mode}{null}{prec}{keep}{chunk}{graph}{sw}'), a.preset, a.gen_batches, null=null,
                                                 warmup=True, batch_size=B, ticks=T, mode=mode, chunk=chunk, compile=True,
                                                 graph=bool(graph), precision=prec, keep=keep, workers=4, writers=a.writers, fused=a.fused,
                                                 switch_interval=sw or None)
                                    emit(variant=f'generate_mode{mode}_compiled' + '_graph' * graph + '_fused' * a.fused + '_nullwriter' * null,
                                         chunk=chunk, preset=a.preset, writers=a.writers, switch_interval=sw, **{k: s[k] for k in KEEP})
        elif part == 'graphcheck':
            for prec in a.precisions:
                emit(preset=a.preset, precision=prec, batch_size=64, ticks=30, **graph_check(a.preset, 64, 30, 8, prec))
        elif part == 'threads':
            for threaded in (False, True):
                s = generate(run(str(threaded)), 'maze_small', 1, batch_size=256, ticks=250, threaded=threaded,
                             workers=4, writers=4)
                emit(preset='maze_small', pairs_per_minute=s['pairs_per_s'] * 60, **{k: s[k] for k in KEEP})
        elif part == 'stability':
            # one long run (threads, queues and the ring live for all of it), sized from a 6-batch calibration run
            kw = dict(batch_size=a.stability_batch, ticks=a.stability_ticks, workers=4, writers=2,
                      mode=a.stability_mode, keep=a.stability_keep)
            if a.fused: kw |= dict(compile=True, graph=True, fused=True, precision=a.precisions[0], writers=a.writers)
            cal = generate(run('calibrate'), a.stability_preset, 6, warmup=a.fused, **kw)
            n = max(4, int(60 * a.stability_minutes / (cal['seconds'] / 6)))
            s = generate(run('long'), a.stability_preset, n, warmup=a.fused, **kw)
            emit(preset=a.stability_preset, minutes_asked=a.stability_minutes, writers=kw['writers'], **{k: s[k] for k in KEEP},
                 rejected=s['rejected'], shards=s['shards'])
        else: sys.exit(f'unknown part {part!r}')

if __name__ == '__main__': main()
