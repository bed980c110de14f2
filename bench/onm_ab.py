"""Milestone 8's A/B: the same loop preset and seeds with the ONM off (group A) and on (group B, from a random ONM trained
each loop before the challengers). Per loop: the StateImprovementScore of the champion, the task metric of best_model by
ticks (95% intervals), the wall time by phase.

    python bench/onm_ab.py --out DIR [--base parity16_expert] [--set '{LoopConfig fields}'] [--onm '{ONM fields}'] [--seeds 0 1]

Both groups run the loop preset `--base` with the `--set` fields (plus metric_every 1); group B adds `onm` (OnmConfig
fields and its training per loop). 
Each (group, seed) is a loop run under DIR/runs/ (a rerun resumes it);
rows go to DIR/onm_ab.jsonl, the plot to DIR/onm_ab.png.
"""
import argparse, json
from pathlib import Path
import torch

from stctm.core import default_device
from stctm.files import write_jsonl, save_png
from stctm.loop import loop_config, MasterTrainer

GROUPS = ('A (ONM off)', 'B (ONM on)')

def run_group(group, seed, a, device) -> list:
    onm = json.loads(a.onm) if group == GROUPS[1] else None
    cfg = loop_config(dict(base=a.base, **json.loads(a.set), seed=seed, onm=onm, metric_every=1))
    run = Path(a.out) / 'runs' / f"{group[0]}_s{seed}"
    trainer = MasterTrainer(run, cfg, device=device, resume=run.exists(), log=lambda *x: None)
    history = trainer.run()
    return [dict(group=group, seed=seed, loop=h['loop'], promoted=h['promoted'], champion_score=h['champion_score'],
                 metric={t: v for t, v in h['metric']['at_ticks'].items()}, ci=h['metric']['ci'], names=h['metric']['names'],
                 seconds=h['seconds'], onm=h.get('onm')) for h in history]

def plot(rows, path=None):
    "Per loop, both groups: the champion's score and best_model's metric at each tick count (saved to `path`, else returned)."
    import matplotlib.pyplot as plt
    ticks = sorted({int(t) for r in rows for t in r['metric']})
    fig, axs = plt.subplots(1, 1 + len(ticks), figsize=(4 * (1 + len(ticks)), 3.4))
    colors = {g: c for g, c in zip(GROUPS, ('tab:blue', 'tab:orange'))}
    for (g, s) in sorted({(r['group'], r['seed']) for r in rows}):
        rs = sorted((r for r in rows if r['group'] == g and r['seed'] == s), key=lambda r: r['loop'])
        loops = [r['loop'] for r in rs]
        style = dict(color=colors[g], marker='o', ls='-' if s == 0 else '--', label=f'{g}, seed {s}')
        axs[0].plot(loops, [r['champion_score'] or 0. for r in rs], **style)
        for ax, t in zip(axs[1:], ticks):
            full = rs[0]['names'][0]
            ys = [r['metric'][str(t)][full] for r in rs]
            lo, hi = zip(*(r['ci'][str(t)][full] for r in rs))
            ax.plot(loops, ys, **style); ax.fill_between(loops, lo, hi, color=colors[g], alpha=0.08)
    axs[0].set(title="champion's StateImprovementScore", xlabel='loop')
    for ax, t in zip(axs[1:], ticks): ax.set(title=f'best_model fully right at {t} ticks', xlabel='loop')
    axs[-1].legend(fontsize=7); fig.tight_layout()
    return save_png(fig, path) if path else fig

def main():
    import matplotlib; matplotlib.use('Agg')                  # files only (a notebook importing plot keeps its own backend)
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True); p.add_argument('--base', default='parity16_expert')
    p.add_argument('--set', default='{}'); p.add_argument('--onm', default='{"steps": 300, "batch_size": 128}')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    p.add_argument('--device', default=None); p.add_argument('--threads', type=int, default=None)
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    device = torch.device(a.device or default_device())
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    rows = []
    for seed in a.seeds:
        for group in GROUPS:
            got = run_group(group, seed, a, device); rows += got
            last = got[-1]
            print(f"{group} seed {seed}: loops {len(got)}, promoted {sum(r['promoted'] for r in got)}, "
                  f"last metric {json.dumps({t: round(v[last['names'][0]], 3) for t, v in last['metric'].items()})}, "
                  f"{sum(sum(r['seconds'].values()) for r in got):.0f} s", flush=True)
            write_jsonl(out / 'onm_ab.jsonl', rows)
    plot(rows, out / 'onm_ab.png')

if __name__ == '__main__':
    main()
