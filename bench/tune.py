"""Milestone 9's tuning: successive halving over a grid of loop settings, every trial logged.

    python bench/tune.py --grid bench/experiments/tune_parity_gpu.json --out DIR --rungs 1 2 4 --keep 16 6 2 \
        --rung-seeds 1 2 2 --jobs 8 --device cuda

The grid file: `{"base": preset, "set": {fields of every trial}, "grid": {factor: values}, "sample": n, "sample_seed": s,
"include": [{factor: value}]}`. A factor named after a `LoopConfig` field takes a list of its values; any other factor
takes `{label: {fields}}` (one value setting several fields, e.g. `p` with the pool that makes it mean something). The
trials are the grid's product; with `sample`, that many of them drawn at random (seeded), the `include`d ones (the preset)
always among them. Rung r runs the `keep[r]` best of rung r-1 (rung 0: every trial) with `rung_seeds[r]` seeds
(`seeds[:n]`) until each has spent `rungs[r]` minutes of loop work (`bench/experiment.py`'s budget: a run of rung r goes on
from where rung r-1 left it). Trials are ranked by the mean over their seeds of best_model's final metric averaged over the
metric's tick counts. Rows: DIR/trials.jsonl (one per trial and rung: its fields, per-seed metric, objective, kept or
not; the last rung's first row is the winner); DIR/tune.png; the runs under DIR/runs/ (a rerun resumes them).

    python bench/tune.py confirm-arms --grid GRID --trials DIR/trials.jsonl --set '{"metric_ticks": [50, 250, 1000]}' --to ARMS

writes the arms file that checks the tuning on other seeds (`confirm_arms`).
"""
import argparse, itertools, json, random
from pathlib import Path

import experiment
from stctm.files import write_json, write_jsonl, save_png
from stctm.loop import LoopConfig

def read_grid(path) -> dict:
    spec = json.loads(Path(path).read_text())
    unknown = set(spec) - {'about', 'base', 'set', 'grid', 'sample', 'sample_seed', 'include'}
    if unknown or not spec.get('grid'): raise ValueError(f'{path}: need {{"base", "set", "grid": {{factor: values}}}}; unknown keys {sorted(unknown)}')
    fields = LoopConfig.__dataclass_fields__
    for f, vals in spec['grid'].items():
        if f in fields and not isinstance(vals, list): raise ValueError(f'{path}: grid[{f!r}] is a LoopConfig field: give a list of its values')
        if f not in fields and not (isinstance(vals, dict) and all(isinstance(v, dict) for v in vals.values())):
            raise ValueError(f'{path}: grid[{f!r}] is not a LoopConfig field, so it must be {{label: {{fields}}}}')
    return spec

def _label(v) -> str: return json.dumps(v) if isinstance(v, (dict, list)) else str(v)

def _name(grid: dict, choice: dict) -> str:
    "A trial's name from its choice of each factor (a value of a field factor, a label of any other)."
    return ', '.join(f'{f} {choice[f] if isinstance(grid[f], dict) else _label(choice[f])}' for f in grid)

def trials(spec: dict) -> dict:
    "`{name: fields}` of the grid's trials (the product, or a seeded sample of it with the included ones first)."
    grid = spec['grid']
    def fields(choice: dict) -> dict:
        out = {}
        for f, v in choice.items(): out.update(grid[f][v] if isinstance(grid[f], dict) else {f: v})
        return out
    every = {_name(grid, c): fields(c) for c in (dict(zip(grid, vs)) for vs in itertools.product(*(list(v) for v in grid.values())))}
    if not spec.get('sample'): return every
    wanted = [_name(grid, inc) for inc in spec.get('include', [])]
    for inc, name in zip(spec.get('include', []), wanted):
        if name not in every: raise ValueError(f'include {inc}: not a trial of the grid ({name!r})')
    rest = [n for n in every if n not in wanted]
    random.Random(spec.get('sample_seed', 0)).shuffle(rest)
    return {n: every[n] for n in (wanted + rest)[:spec['sample']]}

def objective(row: dict) -> float: return sum(row['metric'].values()) / len(row['metric'])   # the mean over tick counts

def halving(spec: dict, out, rungs, keep, rung_seeds, seeds, jobs: int, device, threads) -> list:
    "Every rung run in turn; the trial rows. A trial's objective: the mean over its seeds of its last loop's `objective`."
    arms, log = trials(spec), []
    names = list(arms)
    for r, (minutes, k, n) in enumerate(zip(rungs, keep, rung_seeds)):
        names, rseeds = names[:k], seeds[:n]
        rspec = dict(spec, arms={a: arms[a] for a in names})
        experiment.run_arms(rspec, out, minutes, rseeds, jobs, device, threads)
        rows = experiment.rows_of(rspec, out, rseeds)
        last = {a: {s: experiment.final_row(rows, a, s) for s in rseeds} for a in names}
        score = {a: sum(map(objective, last[a].values())) / n for a in names}
        names = sorted(names, key=lambda a: -score[a])
        nxt = keep[r + 1] if r + 1 < len(keep) else 1
        for rank, a in enumerate(names):
            ls = last[a]
            log.append(dict(rung=r, minutes=minutes, arm=a, fields=arms[a], seeds=rseeds, objective=score[a],
                            per_seed={s: objective(l) for s, l in ls.items()}, metric={s: l['metric'] for s, l in ls.items()},
                            loops={s: l['loop'] + 1 for s, l in ls.items()}, spent={s: l['minutes'] for s, l in ls.items()},
                            rank=rank, kept=rank < nxt))
        write_jsonl(Path(out) / 'trials.jsonl', log)
        print(f'rung {r} ({minutes} min, {n} seed(s)): ' + '; '.join(f'{a}: {100 * score[a]:.1f}' for a in names), flush=True)
    return log

def plot(log: list, path=None):
    "Each trial's objective at each rung it reached."
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for k, arm in enumerate(dict.fromkeys(t['arm'] for t in log)):
        ts = [t for t in log if t['arm'] == arm]
        ax.plot([t['rung'] for t in ts], [100 * t['objective'] for t in ts], marker='o', ms=3, alpha=.8,
                label=arm if ts[-1]['rung'] == max(t['rung'] for t in log) else None)
    ax.set(xlabel='rung', ylabel='objective: mean % fully right', title='successive halving', xticks=sorted({t['rung'] for t in log}))
    ax.legend(fontsize=6); fig.tight_layout()
    return save_png(fig, path) if path else fig

def confirm_arms(spec: dict, log: list, fields: dict) -> dict:
    """An arms file for `bench/experiment.py` that checks the tuning: the base preset as it is, the preset with the
    grid's `set` (the tuning's scale), and the trials of the last rung at that scale (best first; one that is the
    preset's own setting is left out); `fields` set in every arm (and not taken from the grid's `set`)."""
    cut = {k: v for k, v in spec.get('set', {}).items() if k not in fields}
    last = sorted((t for t in log if t['rung'] == max(x['rung'] for x in log)), key=lambda t: t['rank'])
    base_fields = experiment.arm_config(dict(spec, set=cut, arms={'x': {}}), 'x', 0).to_dict()
    arms = {'preset': {}, "preset at the tuning's scale": cut}
    for t in last:
        trial = {**cut, **t['fields']}
        if experiment.arm_config(dict(spec, set={}, arms={'x': trial}), 'x', 0).to_dict() != base_fields:
            arms[f"tuned #{t['rank'] + 1}: {t['arm']}"] = trial
    return dict(about="a tuning's last rung beside the preset, at the preset's scale and at the tuning's", base=spec['base'], set=fields, arms=arms)

def confirm_main(argv):
    p = argparse.ArgumentParser(description='the arms file that checks a tuning (see confirm_arms)')
    p.add_argument('--grid', required=True); p.add_argument('--trials', required=True); p.add_argument('--to', required=True)
    p.add_argument('--set', default='{}', help='JSON object of LoopConfig fields set in every arm')
    a = p.parse_args(argv)
    arms = confirm_arms(read_grid(a.grid), [json.loads(l) for l in open(a.trials)], json.loads(a.set))
    write_json(Path(a.to), arms); print(f'{a.to}: ' + '; '.join(arms['arms']))
    return arms

def main(argv=None):
    import sys
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ['confirm-arms']: return confirm_main(argv[1:])
    import matplotlib; matplotlib.use('Agg')
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--grid', required=True); p.add_argument('--out', required=True)
    p.add_argument('--rungs', type=float, nargs='+', required=True, help='minutes of loop work per trial-seed at each rung (increasing)')
    p.add_argument('--keep', type=int, nargs='+', required=True, help='trials entering each rung')
    p.add_argument('--rung-seeds', type=int, nargs='+', default=None, help='seeds run at each rung (default: all of --seeds)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    p.add_argument('--jobs', type=int, default=1); p.add_argument('--device', default=None); p.add_argument('--threads', type=int, default=None)
    a = p.parse_args(argv)
    rung_seeds = a.rung_seeds or [len(a.seeds)] * len(a.rungs)
    if not (len(a.rungs) == len(a.keep) == len(rung_seeds)): p.error('--rungs, --keep and --rung-seeds need one value per rung')
    if any(x <= 0 for x in a.rungs) or a.rungs != sorted(a.rungs): p.error('--rungs must be positive and increasing')
    if a.keep != sorted(a.keep, reverse=True) or min(a.keep) < 1: p.error('--keep must be positive and non-increasing')
    if any(not 1 <= n <= len(a.seeds) for n in rung_seeds): p.error(f'--rung-seeds must be between 1 and {len(a.seeds)}')
    spec = read_grid(a.grid)
    for name, fields in trials(spec).items():                       # a typo fails here, naming the trial
        try: experiment.arm_config(dict(spec, arms={name: fields}), name, 0)
        except (TypeError, ValueError) as e: raise ValueError(f'{a.grid}: trial {name!r}: {e}') from e
    log = halving(spec, a.out, a.rungs, a.keep, rung_seeds, a.seeds, a.jobs, a.device, a.threads)
    plot(log, Path(a.out) / 'tune.png')
    return log

if __name__ == '__main__':
    main()
