"""The Optic Nerve Model offline (Milestone 7), from a shipped expert: fill a run's buffers with the expert's pairs
(weight-perturbed per batch, so the ONM sees many units), train the ONM with and without the weight sketch, compare it
with the baselines on held-out inputs field by field, then start the expert's rollouts from the ONM's state and from its
learned start state and measure accuracy by ticks on held-out items.

    python bench/onm_offline.py --expert data/experts/parity16.pth --out DIR [--batches 8] [--steps 3000] [--device cuda]

Writes DIR/onm_offline.json (rows, per-field errors, accuracy by ticks for both starts) and DIR/onm_offline.png.
"""
import argparse, json, time
from pathlib import Path
import torch

from stctm.core import default_device
from stctm.files import write_json, save_png
from stctm.buffer import DiskReplayBuffer
from stctm.weights import WeightManager
from stctm.evaluate import load_expert
from stctm.tasks import make_task
from stctm.generate import GenerateConfig, DataGenerator
from stctm.onm import OnmConfig, OpticNerveModel, weight_sketch, generate_initial_state
from stctm.onm_training import OnmData, baselines, train_onm_offline

@torch.no_grad()
def accuracy_by_ticks(model, task, ticks: int, onm=None, sketch=None, batch: int = 1024, device='cpu') -> list:
    "Fully-right share at every tick 1..ticks, starting from the learned start state or from the ONM's state."
    unit, acc = model.unit, torch.zeros(ticks)
    for s in range(0, len(task), batch):
        x, target, _ = task.batch(range(s, min(len(task), s + batch)))
        x, target = x.to(device), target.to(device)
        feats = model.features(x)
        kv = unit.project_kv(unit.kv(feats))
        state = generate_initial_state(model.head(feats), kv, unit, onm, sketch)
        for t in range(ticks):
            state, y, _ = unit.tick(state, kv)
            acc[t] += task._correct(y.float(), target).all(1).float().sum().cpu()
    return (acc / len(task)).tolist()

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--expert', default='data/experts/parity16.pth'); p.add_argument('--out', required=True)
    p.add_argument('--batches', type=int, default=8); p.add_argument('--batch_size', type=int, default=256)
    p.add_argument('--ticks', type=int, default=250); p.add_argument('--keep', type=float, default=0.1)
    p.add_argument('--weight_noise', type=float, default=0.01); p.add_argument('--steps', type=int, default=3000)
    p.add_argument('--lr', type=float, default=1e-3); p.add_argument('--train_batch', type=int, default=256)
    p.add_argument('--eval_n', type=int, default=1024); p.add_argument('--eval_ticks', type=int, default=100)
    p.add_argument('--seed', type=int, default=0); p.add_argument('--device', default=None)
    a = p.parse_args()
    device = a.device or default_device()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    model, test_task, meta = load_expert(a.expert, n=a.eval_n, device=device)
    wm, buf = WeightManager(out / 'run' / 'weights'), DiskReplayBuffer(out / 'run' / 'buffer', capacity=10**9)
    t0 = time.perf_counter()
    if buf.count() == 0:
        wm.save_best(model, meta={'origin': f'copy of {a.expert}'})
        gen = GenerateConfig(ticks=a.ticks, batch_size=a.batch_size, chunk=25, keep=a.keep, p=1.0, act_noise=0.05,
                             weight_noise=a.weight_noise, seed=a.seed, workers=2)
        DataGenerator(wm, buf, make_task(meta['task'], 'train', n=50_000, seed=a.seed), gen, device=device).run(a.batches)
    t_gen = time.perf_counter() - t0
    data = OnmData(buf, wm, device=device, seed=a.seed)
    mean, var = data.field_scale()
    res = dict(expert=a.expert, pairs=len(data), train=len(data.train_idx), held_out=len(data.val_idx), weight_ids=len(data.weight_ids),
               generate_s=t_gen, baselines=baselines(data, var, mean), args=vars(a))
    onms = {}
    for name, use in (('ONM', True), ('ONM without theta', False)):
        torch.manual_seed(a.seed)
        onm = OpticNerveModel(model.cfg, model.backbone.d_out, OnmConfig(use_sketch=use)).to(device).fit_scale(data.target[data.train_idx])
        t0 = time.perf_counter()
        rows = train_onm_offline(onm, data, a.steps, a.train_batch, a.lr, seed=a.seed, every=max(1, a.steps // 10))
        res[name] = dict(rows=rows, seconds=time.perf_counter() - t0, held_out=rows[-1]['held_out'])
        onms[name] = onm
        print(name, {k: round(v['normalised'], 3) for k, v in rows[-1]['held_out'].items()}, flush=True)
    sketch = weight_sketch(model.state_dict()).to(device)
    t0 = time.perf_counter(); weight_sketch(model.state_dict()); res['sketch_ms'] = 1000 * (time.perf_counter() - t0)
    res['by_ticks'] = {'learned start state': accuracy_by_ticks(model, test_task, a.eval_ticks, device=device),
                       'ONM start': accuracy_by_ticks(model, test_task, a.eval_ticks, onms['ONM'], sketch, device=device)}
    write_json(out / 'onm_offline.json', res)
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(11, 3.6))
    for name in ('ONM', 'ONM without theta'):
        r = [x for x in res[name]['rows'] if 'held_out' in x]
        ax[0].plot([x['step'] for x in r], [x['held_out']['mean']['normalised'] for x in r], 'o-', label=name)
    for name, b in res['baselines'].items(): ax[0].axhline(b['mean']['normalised'], ls='--', c='grey' if 'mean' in name else 'k', label=name)
    ax[0].set_yscale('log'); ax[0].set_xlabel('step'); ax[0].set_ylabel('held-out error (per-field normalised, mean)'); ax[0].legend(fontsize=7)
    for name, acc in res['by_ticks'].items(): ax[1].plot(range(1, len(acc) + 1), [100 * v for v in acc], label=name)
    ax[1].set_xlabel('ticks'); ax[1].set_ylabel('% fully right (held out)'); ax[1].legend(fontsize=7)
    fig.tight_layout(); save_png(fig, out / 'onm_offline.png')
    print(json.dumps({k: v for k, v in res.items() if k in ('pairs', 'held_out', 'weight_ids', 'sketch_ms')}))

if __name__ == '__main__': main()
