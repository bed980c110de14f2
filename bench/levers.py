"""One round of each lever of the loop, from a shipped expert: collect pairs with a generator setting, train one challenger
on them, measure it on held-out items at 50 / 250 / 1000 ticks (95% intervals), and measure the setting's signal.

    python bench/levers.py --expert data/experts/parity16.pth --arms ARMS.json --out DIR [--seeds 0 1] [--device cuda]

ARMS.json is a list of arms, each `{"name": ..., "generate": {GenerateConfig fields} | "search": {SearchConfig fields},
"batches": N, "train": {"steps": S, "lr": LR, "batch": B, "loss": "sum" | "normalised"}}`; an arm without a generator is
the expert itself (no training); `"e2e": {TrainConfig fields}` fine-tunes the expert end to end instead (the control
group). Every arm is run with each seed; rows go to DIR/levers.jsonl as they finish (a rerun skips rows already there).
"""
import argparse, copy, json, math, time
from pathlib import Path
import torch

from stctm.core import default_device
from stctm.files import write_json, json_safe
from stctm.buffer import DiskReplayBuffer
from stctm.weights import WeightManager
from stctm.evaluate import load_expert, evaluate_by_ticks, intervals
from stctm.tasks import make_task
from stctm.generate import GenerateConfig, DataGenerator
from stctm.search import SearchConfig, Searcher, signal_report
from stctm.training import StagedPairs, train_staged
from stctm.baseline import TrainConfig, Trainer

def evaluate(model, task, ticks, device, batch):
    r = evaluate_by_ticks(model, task, ticks_list=ticks, batch_size=batch, device=device)
    full = r['metric_names'][0]
    ci = intervals(r)
    return {t: dict(acc=v[full], ci=ci[t][full], most_certain=v[f'{full}_most_certain']) for t, v in r['at_ticks'].items()}

def run_arm(arm, seed, a, device, root):
    t_start = time.perf_counter()
    model, test_task, meta = load_expert(a.expert, n=a.eval_n, device=device)
    row = dict(arm=arm['name'], seed=seed, expert=a.expert, spec=arm)
    times = {}
    if 'e2e' in arm:                                                     # control: the expert trained on, end to end
        tc = TrainConfig.from_dict({**arm['e2e'], 'seed': seed})
        t0 = time.perf_counter()
        tr = Trainer(model.train(), tc, device, fast=device.type == 'cuda', log=lambda *x: None)
        tr.train(minutes=arm.get('minutes'))
        model, times['train'] = tr.model.eval(), time.perf_counter() - t0
        row['steps_done'] = tr.step
    elif 'generate' in arm or 'search' in arm:
        run = root / f"{arm['name']}-s{seed}"
        wm, buf = WeightManager(run / 'weights'), DiskReplayBuffer(run / 'buffer', capacity=10**9)
        wm.save_best(model, meta={'origin': f'copy of {a.expert}'})
        train_task = make_task(meta['task'], 'train', n=a.train_n, seed=seed)
        t0 = time.perf_counter()
        if 'search' in arm:
            gen = Searcher(wm, buf, train_task, SearchConfig.from_dict({**arm['search'], 'seed': seed, 'p': 1.0}), device=device)
        else:
            gen = DataGenerator(wm, buf, train_task, GenerateConfig.from_dict({**arm['generate'], 'seed': seed, 'p': 1.0}), device=device)
        g = gen.run(arm.get('batches', 4))
        times['generate'] = time.perf_counter() - t0
        row['generate'] = {k: g[k] for k in ('scanned', 'kept', 'written', 'yield_', 'seconds') if k in g}
        t0 = time.perf_counter()
        pairs = StagedPairs(model.backbone, device).sync(buf)
        tr = arm.get('train', {})
        weights = pairs.field_weights() if tr.get('loss', 'normalised') == 'normalised' else None
        torch.manual_seed(seed)
        losses = train_staged(model, pairs, 0.0, tr.get('steps', 500), tr.get('batch', 256), tr.get('lr', 1e-5),
                              weights=weights, seed=seed)
        times['train'] = time.perf_counter() - t0
        row['train'] = dict(pairs=len(pairs), loss_first=sum(losses[:10]) / 10, loss_last=sum(losses[-10:]) / 10)
        if arm.get('signal'):                                              # the setting's signal on the expert itself
            expert, task_s, _ = load_expert(a.expert, split='train', n=a.signal_n, device=device)
            sig = arm['search'] if 'search' in arm else None
            kw = dict(search=SearchConfig.from_dict({**sig, 'seed': seed})) if sig else dict(rule=arm['generate'].get('rule', 'loose'),
                                                                                              act_noise=arm['generate'].get('act_noise', 0.05))
            t0 = time.perf_counter()
            row['signal'] = signal_report(expert, task_s, n=a.signal_n, ticks=a.signal_ticks, seed=seed, device=device,
                                          batch_size=a.signal_n, **kw)
            times['signal'] = time.perf_counter() - t0
    t0 = time.perf_counter()
    row['eval'] = evaluate(model, test_task, a.ticks, device, a.eval_batch)
    times['eval'] = time.perf_counter() - t0
    row['seconds'] = dict(times, total=time.perf_counter() - t_start)
    return row

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--expert', required=True); p.add_argument('--arms', required=True); p.add_argument('--out', required=True)
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1]); p.add_argument('--device', default=None)
    p.add_argument('--eval_n', type=int, default=1024); p.add_argument('--eval_batch', type=int, default=1024)
    p.add_argument('--ticks', type=int, nargs='+', default=[50, 250, 1000]); p.add_argument('--train_n', type=int, default=50_000)
    p.add_argument('--signal_n', type=int, default=256); p.add_argument('--signal_ticks', type=int, default=250)
    p.add_argument('--only', nargs='*', default=None, help='run only these arms')
    a = p.parse_args()
    device = torch.device(a.device or default_device())
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    rows_path = out / 'levers.jsonl'
    done = {(r['arm'], r['seed']) for r in map(json.loads, rows_path.read_text().splitlines())} if rows_path.exists() else set()
    arms = json.loads(Path(a.arms).read_text())
    for arm in arms:
        if a.only and arm['name'] not in a.only: continue
        for seed in a.seeds:
            if (arm['name'], seed) in done or ('generate' not in arm and 'search' not in arm and 'e2e' not in arm and seed != a.seeds[0]):
                continue
            row = run_arm(arm, seed, a, device, out / 'runs')
            with open(rows_path, 'a') as f: f.write(json.dumps(json_safe(row)) + '\n')
            ev = ' '.join(f"{t}:{v['acc']:.3f}" for t, v in row['eval'].items())
            print(f"{arm['name']} seed {seed}: {ev} ({row['seconds']['total']:.0f}s)", flush=True)

if __name__ == '__main__': main()
