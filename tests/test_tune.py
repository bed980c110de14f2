"""`bench/tune.py`: successive halving over a grid of loop settings, each rung going on from the runs of the one before."""
import json, sys
from pathlib import Path
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / 'bench'))
import tune

GEN = dict(ticks=16, batch_size=6, chunk=4, threaded=False, act_noise=0.1)
GRID = dict(base='tiny', set=dict(loops=3, batches=2, commit_every=2, task_n=64, train_steps=4, challengers=1, val_size=16,
                                  metric_n=8, metric_ticks=[4, 8], pairs_per_shard=8, pairs_per_record=4, generate=GEN),
            grid=dict(lr=[1e-3, 1e-4], pool={'self-play': dict(p=1.0), 'grown': dict(p=0.5, pool_grows=1)}),
            sample=3, include=[dict(lr=1e-4, pool='self-play')])

def write(tmp_path, spec) -> str:
    path = tmp_path / 'grid.json'; path.write_text(json.dumps(spec)); return str(path)

def test_trials_sample_and_include():
    every = tune.trials(dict(GRID, sample=None))
    assert len(every) == 4 and every['lr 0.001, pool grown'] == dict(lr=1e-3, p=0.5, pool_grows=1)
    picked = tune.trials(GRID)
    assert len(picked) == 3 and list(picked)[0] == 'lr 0.0001, pool self-play' and set(picked) < set(every)
    assert tune.trials(GRID) == picked                                            # the sample is seeded
    with pytest.raises(ValueError, match='not a trial of the grid'): tune.trials(dict(GRID, include=[dict(lr=5, pool='self-play')]))

def test_halving_rows_and_tuned(tmp_path):
    out = tmp_path / 'tune'
    args = ['--grid', write(tmp_path, GRID), '--out', str(out), '--rungs', '0.004', '0.008', '--keep', '3', '2',
            '--rung-seeds', '1', '2', '--device', 'cpu', '--threads', '1']
    tune.main(args)
    log = [json.loads(l) for l in open(out / 'trials.jsonl')]
    r0, r1 = [t for t in log if t['rung'] == 0], [t for t in log if t['rung'] == 1]
    assert len(r0) == 3 and len(r1) == 2 and all(t['seeds'] == [0] for t in r0) and all(t['seeds'] == [0, 1] for t in r1)
    assert [t['objective'] for t in r0] == sorted((t['objective'] for t in r0), reverse=True)
    assert {t['arm'] for t in r1} == {t['arm'] for t in r0 if t['kept']} == {t['arm'] for t in r0[:2]}
    for t in log:
        for s, m in t['metric'].items():
            assert t['per_seed'][s] == pytest.approx(sum(m.values()) / len(m))
            assert t['spent'][s] >= t['minutes'] or t['loops'][s] == 3             # the budget spent, or the config's loops done
    assert [t['kept'] for t in r1] == [True, False] and r1[0]['objective'] >= r1[1]['objective']   # the winner first
    assert all(t['fields'] == tune.trials(GRID)[t['arm']] for t in log)
    assert (out / 'tune.png').stat().st_size > 0

def test_bad_grid_is_named(tmp_path):
    with pytest.raises(ValueError, match="trial 'lr 0.001, typo a'.*lrr"):
        tune.main(['--grid', write(tmp_path, dict(GRID, grid=dict(lr=[1e-3], typo={'a': dict(lrr=1)}), sample=None, include=[])),
                   '--out', str(tmp_path / 'x'), '--rungs', '1', '--keep', '1'])
    with pytest.raises(ValueError, match='give a list'):
        tune.read_grid(write(tmp_path, dict(GRID, grid=dict(lr=1e-3))))
    with pytest.raises(SystemExit):
        tune.main(['--grid', write(tmp_path, GRID), '--out', str(tmp_path / 'y'), '--rungs', '2', '1', '--keep', '2', '1'])

def test_confirm_arms(tmp_path):
    spec = dict(GRID, set=dict(GRID['set'], train_steps=3))
    log = [dict(rung=0, rank=0, arm='a', fields=dict(lr=1e-3)), dict(rung=1, rank=1, arm='self', fields=dict(lr=1e-3)),
           dict(rung=1, rank=0, arm='b', fields=dict(lr=1e-4, p=0.5, pool_grows=1))]
    arms = tune.confirm_arms(spec, log, dict(metric_ticks=[4, 8, 16]))
    assert arms['set'] == dict(metric_ticks=[4, 8, 16]) and 'metric_ticks' in spec['set']
    assert list(arms['arms']) == ['preset', "preset at the tuning's scale", 'tuned #1: b']   # 'self' is the tiny preset's own lr
    assert arms['arms']['tuned #1: b'] == {**{k: v for k, v in spec['set'].items() if k != 'metric_ticks'}, 'lr': 1e-4, 'p': 0.5, 'pool_grows': 1}
