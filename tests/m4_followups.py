"""CPU follow-ups of the Milestone 4 GPU run (`nbs/08_loop.ipynb`, last section). Each part prints JSON lines.

    OMP_NUM_THREADS=2 python tests/m4_followups.py PART [PART ...] [--scratch DIR]

PARTS
  source_mse       the maze expert's two-tick state MSE on its own pairs and on the random inits' pairs of its pool
                   (`maze5_expert` scaled down: 6 batches of 16 mazes, 100 ticks)
  no_random_inits  `maze5_expert` without random inits in the pool (`experts=0`), 2 small loops, then the promoted
                   model against the shipped expert on the 256 held-out mazes at 50/100/250/1000 ticks
  loader           reading 5x5-maze pairs: per pair in the main process, per pair through 2 DataLoader workers, in
                   collated chunks of 64 through 2 workers; and a MixingSampler batch of 128 in-process vs 2 workers
"""
import argparse, collections, itertools, json, tempfile, time
from pathlib import Path
import torch
from torch.utils.data import DataLoader
from stctm.buffer import ReplayDataset, collate_pairs, sample_features
from stctm.core import state_mse
from stctm.evaluate import load_weights, evaluate_by_ticks
from stctm.generate import DataGenerator, GenerateConfig
from stctm.loop import MasterTrainer, MixingSampler, loop_config
from stctm.tasks import preset
from stctm.weights import parse_weight_id

EXPERT = 'data/experts/maze5_r40.pth'
SMALL_GEN = {'ticks': 100, 'batch_size': 16, 'chunk': 25, 'workers': 2, 'writers': 1, 'keep': 0.25}
quiet = lambda *a, **k: None

def source_mse(scratch: Path):
    cfg = loop_config({'base': 'maze5_expert', 'loops': 1, 'batches': 6, 'commit_every': 6, 'task_n': 4000,
                       'generate': SMALL_GEN, 'challengers': 1, 'train_steps': 1, 'val_size': 16, 'metric_every': 0})
    mt = MasterTrainer(scratch / 'source_mse', cfg, device='cpu', log=quiet)
    mt.run()
    best = mt.wm.load(mt.state['history'][0]['best_id_before'])       # the shipped expert, before any promotion
    by = collections.defaultdict(list)
    for p in mt.buffer.read():
        with torch.no_grad():
            out = best.unit(p.state_t, best.unit.kv(sample_features(best.backbone, p.sample_id))).state
        for i in range(len(p)):
            random_init = parse_weight_id(p.weight_id[i])[0].startswith('expert_random')
            by['random-init experts' if random_init else 'the expert itself'].append(state_mse(out[i:i + 1], p.state_t2[i:i + 1]).item())
    for k, v in by.items():
        print(json.dumps(dict(part='source_mse', pairs_of=k, n=len(v), mean=sum(v) / len(v), median=sorted(v)[len(v) // 2])))

def no_random_inits(scratch: Path):
    cfg = loop_config({'base': 'maze5_expert', 'loops': 2, 'experts': 0, 'batches': 4, 'commit_every': 4, 'task_n': 4000,
                       'generate': SMALL_GEN, 'train_steps': 100, 'train_batch': 32, 'loader_workers': 0, 'val_size': 256,
                       'metric_every': 0})
    t0 = time.time()
    hist = MasterTrainer(scratch / 'no_random_inits', cfg, device='cpu', log=quiet).run()
    for h in hist:
        print(json.dumps(dict(part='no_random_inits', loop=h['loop'], winner=h['winner'], scores={n: s['score'] for n, s in h['scores'].items()},
                              loss={k: (v['loss_first'], v['loss_last']) for k, v in h['train']['challengers'].items()})))
    print(json.dumps(dict(part='no_random_inits', seconds=time.time() - t0)))
    task = preset('maze_5x5').task('test', n=256, seed=0)
    for name, path in [('expert', EXPERT), ('best after the loops', scratch / 'no_random_inits' / 'weights' / 'best_model.pth')]:
        r = evaluate_by_ticks(load_weights(path)[0], task, ticks_list=[50, 100, 250, 1000], batch_size=256)
        print(json.dumps(dict(part='no_random_inits', model=name, solved={t: v['solved'] for t, v in r['at_ticks'].items()})))

def loader(scratch: Path):
    from stctm.generate import setup_run
    wm, buf, task = setup_run(scratch / 'loader', 'maze_5x5', experts=2, seed=0)
    DataGenerator(wm, buf, task, GenerateConfig(ticks=30, batch_size=64, keep=0.5, workers=2), device='cpu').run(10)
    ds = ReplayDataset(buf.root, 'self_play')
    def per_item(items, n):
        it = iter(items); next(it); t0 = time.perf_counter()
        k = sum(1 for _ in itertools.islice(it, n))
        return (time.perf_counter() - t0) / k
    print(json.dumps(dict(part='loader', pairs={s: buf.count(s) for s in ('expert', 'self_play')},
                          ms_per_pair_main=1e3 * per_item(ds, 600),
                          ms_per_pair_2_workers_single=1e3 * per_item(DataLoader(ds, batch_size=None, num_workers=2, collate_fn=lambda x: x), 600),
                          ms_per_pair_2_workers_chunks_of_64=1e3 * per_item(DataLoader(ds, batch_size=64, num_workers=2, collate_fn=collate_pairs), 9) / 64)))
    for w in (0, 2):
        s = MixingSampler(buf, 0.5, 128, seed=0, workers=w)
        print(json.dumps(dict(part='loader', sampler_workers=w, s_per_batch_of_128=per_item(s, 5))))

PARTS = dict(source_mse=source_mse, no_random_inits=no_random_inits, loader=loader)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('parts', nargs='+', choices=sorted(PARTS)); ap.add_argument('--scratch', default=None)
    a = ap.parse_args()
    torch.set_num_threads(2)
    scratch = Path(a.scratch or tempfile.mkdtemp())
    for part in a.parts: PARTS[part](scratch)
