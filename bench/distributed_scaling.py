"""Loop time of one run config on 1, 2, ... processes (`stctm_train --nproc`), by phase, and the scaling efficiency.

    python bench/distributed_scaling.py --out DIR [--base parity16_expert] [--set '{LoopConfig fields}'] [--nproc 1 2] [--device cpu]

Each process count runs the same config and seed in DIR/runs/n<N> (fresh); rows go to DIR/scaling.jsonl (one per loop and
process count), the summary to DIR/scaling.json, the plot to DIR/scaling.png. On the CPU each process gets one thread, so
N processes need N idle cores. The summary also says whether each run's buffers and decisions equal those of N = 1.
"""
import argparse, json, shutil, time
from pathlib import Path

from stctm.distributed import train_distributed
from stctm.files import save_png, write_json, write_jsonl
from stctm.loop import loop_config, MasterTrainer
from stctm.weights import buffer_digest

PHASES = ('generate', 'train', 'evaluate')
CPU_SET = dict(loops=2, batches=4, commit_every=1, challengers=2, train_steps=60, val_size=256, gate_n=256, eval_batch=256,
               metric_every=0, metric_candidates=False,
               search=dict(ticks=100, batch_size=32, stride=5, method='gradient', sigma=0.3, lookahead=20, keep=0.5))

def run_once(out: Path, cfg, nproc: int, device) -> tuple:
    run = out / 'runs' / f'n{nproc}'
    shutil.rmtree(run, ignore_errors=True)
    t0 = time.perf_counter()
    hist, trainer = train_distributed(run, cfg, nproc, device=device, threads=1, log=lambda *a: None)
    wall = time.perf_counter() - t0
    rows = [dict(nproc=nproc, loop=h['loop'], seconds={p: h['seconds'][p] for p in PHASES}) for h in hist]
    outcome = dict(digest=buffer_digest(trainer.buffer, trainer.wm), decisions=[(h['winner'], h['scores']) for h in hist])
    return rows, wall, outcome

def plot(summary: dict, path=None):
    "Seconds per loop by phase for each process count, the scaling efficiency on top (saved to `path`, else returned)."
    import matplotlib.pyplot as plt
    ns = [s['nproc'] for s in summary['runs']]
    fig, ax = plt.subplots(figsize=(5, 3.4)); bottom = [0.] * len(ns)
    for p in PHASES:
        v = [s['loop_seconds'][p] for s in summary['runs']]
        ax.bar([str(n) for n in ns], v, bottom=bottom, label=p); bottom = [b + x for b, x in zip(bottom, v)]
    for i, s in enumerate(summary['runs']): ax.text(i, bottom[i], f"{s['efficiency']:.0%}", ha='center', va='bottom')
    ax.set_ylim(0, 1.15 * max(bottom))
    ax.set(xlabel='processes (--nproc)', ylabel='seconds per loop', title=f"{summary['device']}: loop time (efficiency on top)")
    ax.legend(fontsize=8); fig.tight_layout()
    return save_png(fig, path) if path else fig

def main():
    import matplotlib; matplotlib.use('Agg')                  # files only (a notebook importing plot keeps its own backend)
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True); p.add_argument('--base', default='parity16_expert')
    p.add_argument('--set', default=json.dumps(CPU_SET)); p.add_argument('--nproc', type=int, nargs='+', default=[1, 2])
    p.add_argument('--device', default='cpu')
    a = p.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    cfg = loop_config(dict(base=a.base, **json.loads(a.set)))
    rows, runs, first = [], [], None
    for n in a.nproc:
        got, wall, outcome = run_once(out, cfg, n, a.device)
        rows += got; first = first or outcome
        loop_s = {ph: sum(r['seconds'][ph] for r in got) / len(got) for ph in PHASES}
        runs.append(dict(nproc=n, wall_s=wall, loop_seconds=loop_s, loop_total=sum(loop_s.values()),
                         same_pairs_and_decisions_as_first=outcome == first))
        print(f"nproc {n}: {runs[-1]['loop_total']:.1f} s a loop {json.dumps({k: round(v, 1) for k, v in loop_s.items()})}, "
              f"wall {wall:.0f} s, same as first: {runs[-1]['same_pairs_and_decisions_as_first']}", flush=True)
    for r in runs:
        r['speedup'] = runs[0]['loop_total'] / r['loop_total']
        r['efficiency'] = r['speedup'] * runs[0]['nproc'] / r['nproc']
    summary = dict(device=a.device, base=a.base, set=json.loads(a.set), runs=runs)
    write_jsonl(out / 'scaling.jsonl', rows)
    write_json(out / 'scaling.json', summary)
    plot(summary, out / 'scaling.png')

if __name__ == '__main__':
    main()
