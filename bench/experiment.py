"""An experiment of Milestones 5-A, 6 and 9: arms (LoopConfig fields on one base) x seeds, every arm-seed a loop run
given the same budget of loop work, measured as the loop log measures it (generate + train + evaluate + promote
seconds; the held-out metric after each loop is measurement and is not counted).

    python bench/experiment.py --arms bench/experiments/rules_parity_cpu.json --out DIR --minutes 8 --seeds 0 1 --jobs 2

The arms file: `{"base": preset, "set": {fields of every arm}, "arms": {name: {fields}, ...}}`. A run starts another
loop while its budget is not spent, so it may overshoot by one loop (the rows say by how much). Each arm-seed is a run
under DIR/runs/ (a rerun resumes it, or skips it once its budget is spent); rows: DIR/experiment.jsonl (one per loop,
rebuilt from the runs' loop logs), the table of arms: DIR/summary.json, the curves: DIR/experiment.png.
"""
import argparse, json, re
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
import torch

from stctm.core import default_device
from stctm.files import write_json, write_jsonl, save_png
from stctm.loop import loop_config, MasterTrainer

def read_arms(path) -> dict:
    "The arms file, each arm's `LoopConfig` checked (a typo fails here, naming the arm)."
    spec = json.loads(Path(path).read_text())
    unknown = set(spec) - {'base', 'set', 'arms', 'about'}
    if unknown or not spec.get('arms'): raise ValueError(f'{path}: need {{"base", "set", "arms": {{name: fields}}}}; unknown keys {sorted(unknown)}')
    for name in spec['arms']:
        try: arm_config(spec, name, 0)
        except (TypeError, ValueError) as e: raise ValueError(f'{path}: arm {name!r}: {e}') from e
    return spec

def arm_config(spec: dict, name: str, seed: int):
    "The arm's `LoopConfig`: the base preset, then the fields of every arm, then the arm's own (they win)."
    return loop_config({'base': spec.get('base'), **spec.get('set', {}), **spec['arms'][name], 'seed': seed, 'metric_every': 1})

def run_dir(out, name: str, seed: int) -> Path: return Path(out) / 'runs' / f"{re.sub(r'[^A-Za-z0-9]+', '_', name).strip('_')}_s{seed}"

def loop_log(run: Path) -> list: return [json.loads(l) for l in open(run / 'loop_log.jsonl')] if (run / 'loop_log.jsonl').exists() else []

def spent_minutes(history) -> float: return sum(sum(h['seconds'].values()) for h in history) / 60

def run_arm(spec: dict, name: str, seed: int, out, minutes: float, device: str, threads: int | None) -> str:
    "Loops of one arm-seed until its budget is spent (or its config's loops are done); the start unit measured first."
    if threads: torch.set_num_threads(threads)
    cfg, run = arm_config(spec, name, seed), run_dir(out, name, seed)
    resume = (run / 'config.json').exists()
    trainer = MasterTrainer(run, None if resume else cfg, device=device, resume=resume, log=lambda *a: None)
    start = run / 'start_metric.json'
    if not start.exists():
        write_json(start, trainer._metric(trainer.wm.load(trainer.wm.best_id(), device=trainer.device)))
    while spent_minutes(loop_log(run)) < minutes and trainer.state['loop'] < cfg.loops: trainer.run(trainer.state['loop'] + 1)
    return f'{name} seed {seed}: {len(loop_log(run))} loops, {spent_minutes(loop_log(run)):.1f} min'

def metric_row(m: dict) -> dict:
    "`{ticks: share}` and `{ticks: [lo, hi]}` of the task's headline metric (parity: seq_acc, mazes: solved)."
    name = m['names'][0]
    return dict(metric={t: v[name] for t, v in m['at_ticks'].items()}, ci={t: v[name] for t, v in m['ci'].items()})

def rows_of(spec: dict, out, seeds) -> list:
    "One row per finished loop of every arm-seed, and a loop -1 row for the unit each run started from."
    rows = []
    for name in spec['arms']:
        for seed in seeds:
            run = run_dir(out, name, seed); spent = 0.
            if (run / 'start_metric.json').exists():
                rows.append(dict(arm=name, seed=seed, loop=-1, minutes=0., promoted=False, champion_score=None,
                                 **metric_row(json.loads((run / 'start_metric.json').read_text()))))
            for h in loop_log(run):
                spent += sum(h['seconds'].values()) / 60
                g = h['generate']
                rows.append(dict(arm=name, seed=seed, loop=h['loop'], minutes=spent, promoted=h['promoted'], champion_score=h['champion_score'],
                                 incumbent_score=h['scores'].get('best', {}).get('score'),   # None: nothing to score on yet
                                 written=g.get('written'), yield_=g.get('yield_'), pairs_per_s=g.get('pairs_per_s'), seconds=h['seconds'],
                                 **metric_row(h['metric'])))
    return rows

def final_row(rows: list, arm: str, seed: int) -> dict:
    "The row of the last loop arm-seed `(arm, seed)` finished (its start row when it finished none)."
    return max((r for r in rows if r['arm'] == arm and r['seed'] == seed), key=lambda r: r['loop'])

def summarise(rows: list, minutes: float) -> list:
    "Per arm: mean and spread over seeds of the final metric, promotions per loop and per minute, loops and minutes spent."
    out = []
    for arm in dict.fromkeys(r['arm'] for r in rows):
        runs = {}
        for r in rows:
            if r['arm'] == arm: runs.setdefault(r['seed'], []).append(r)
        last = [final_row(rows, arm, seed) for seed in runs]
        loops = [sum(r['loop'] >= 0 for r in rs) for rs in runs.values()]
        promos = [sum(r['promoted'] for r in rs) for rs in runs.values()]
        spent = [r['minutes'] for r in last]
        ticks = list(last[0]['metric'])
        stat = lambda xs: dict(mean=sum(xs) / len(xs), min=min(xs), max=max(xs))
        out.append(dict(arm=arm, seeds=sorted(runs), budget_minutes=minutes, minutes=stat(spent), loops=stat(loops),
                        promotions=stat(promos), promotions_per_loop=stat([p / max(n, 1) for p, n in zip(promos, loops)]),
                        promotions_per_minute=stat([p / max(m, 1e-9) for p, m in zip(promos, spent)]),
                        final={t: stat([r['metric'][t] for r in last]) for t in ticks},
                        final_ci={t: [min(r['ci'][t][0] for r in last), max(r['ci'][t][1] for r in last)] for t in ticks}))
    return out

def plot(rows: list, path=None):
    "best_model's metric at each tick count against the minutes of loop work, one colour per arm, one line per seed."
    import matplotlib.pyplot as plt
    ticks = list(rows[0]['metric'])
    arms = list(dict.fromkeys(r['arm'] for r in rows))
    fig, axs = plt.subplots(1, len(ticks), figsize=(5 * len(ticks), 3.6), squeeze=False)
    for ax, t in zip(axs[0], ticks):
        for k, arm in enumerate(arms):
            for j, seed in enumerate(sorted({r['seed'] for r in rows if r['arm'] == arm})):
                rs = sorted((r for r in rows if r['arm'] == arm and r['seed'] == seed), key=lambda r: r['loop'])
                ax.plot([r['minutes'] for r in rs], [100 * r['metric'][t] for r in rs], marker='o', ms=3, color=f'C{k}',
                        ls='-' if j == 0 else '--', label=arm if j == 0 else None)
        ax.set(title=f'best_model, % fully right at {t} ticks', xlabel='minutes of loop work')
    axs[0][-1].legend(fontsize=7); fig.tight_layout()
    return save_png(fig, path) if path else fig

def run_arms(spec: dict, out, minutes: float, seeds, jobs: int = 1, device=None, threads: int | None = None):
    "Every arm-seed of `spec` run (or resumed) until its budget of `minutes` is spent, `jobs` of them side by side."
    device = device or str(default_device())
    Path(out).mkdir(parents=True, exist_ok=True)
    tasks = [(spec, name, seed, out, minutes, device, threads) for seed in seeds for name in spec['arms']]
    with ProcessPoolExecutor(jobs, mp_context=get_context('spawn')) as pool:
        for line in pool.map(run_arm, *zip(*tasks)): print(line, flush=True)

def write_results(spec: dict, out, seeds, minutes: float) -> list:
    "The rows (`experiment.jsonl`), the table of arms (`summary.json`) and the curves (`experiment.png`) of `spec`'s runs under `out`; the table."
    rows = rows_of(spec, out, seeds)
    write_jsonl(Path(out) / 'experiment.jsonl', rows)
    summary = summarise(rows, minutes)
    write_json(Path(out) / 'summary.json', summary)
    plot(rows, Path(out) / 'experiment.png')
    return summary

def main(argv=None):
    import matplotlib; matplotlib.use('Agg')
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--arms', required=True); p.add_argument('--out', required=True)
    p.add_argument('--minutes', type=float, required=True, help='budget of loop work per arm-seed')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1]); p.add_argument('--only', nargs='*', default=None)
    p.add_argument('--jobs', type=int, default=1, help='arm-seeds run side by side (processes)')
    p.add_argument('--device', default=None); p.add_argument('--threads', type=int, default=None)
    a = p.parse_args(argv)
    if not a.minutes > 0 or a.jobs < 1: p.error('--minutes must be > 0 and --jobs >= 1')
    spec = read_arms(a.arms)
    if a.only:
        missing = set(a.only) - set(spec['arms'])
        if missing: p.error(f'--only: no arm {sorted(missing)} in {a.arms}')
        spec['arms'] = {k: v for k, v in spec['arms'].items() if k in a.only}
    run_arms(spec, a.out, a.minutes, a.seeds, a.jobs, a.device, a.threads)
    summary = write_results(spec, a.out, a.seeds, a.minutes)
    for s in summary:
        print(f"{s['arm']}: {s['loops']['mean']:.1f} loops, {s['promotions']['mean']:.1f} promotions, final "
              + ', '.join(f"{t} ticks {100 * v['mean']:.1f}% ({100 * v['min']:.1f}-{100 * v['max']:.1f})" for t, v in s['final'].items()))
    return summary

if __name__ == '__main__':
    main()
