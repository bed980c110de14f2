"""`bench/experiment.py`: arms x seeds of loop runs under one budget of loop work, resumable, one row per loop."""
import json, sys
from pathlib import Path
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / 'bench'))
import experiment

GEN = dict(ticks=16, batch_size=6, chunk=4, threaded=False, act_noise=0.1)
ARMS = dict(base='tiny', set=dict(loops=3, batches=2, commit_every=2, task_n=64, train_steps=4, challengers=1, val_size=16,
                                  metric_n=8, metric_ticks=[4, 8], pairs_per_shard=8, pairs_per_record=4, generate=GEN),
            arms={'loose': {}, 'all pairs': dict(generate=dict(GEN, rule='all'))})

def write_arms(tmp_path, spec) -> str:
    path = tmp_path / 'arms.json'; path.write_text(json.dumps(spec)); return str(path)

def test_budget_rows_and_resume(tmp_path):
    out, arms = tmp_path / 'exp', write_arms(tmp_path, ARMS)
    args = ['--arms', arms, '--out', str(out), '--minutes', '0.015', '--seeds', '0', '1', '--device', 'cpu', '--threads', '1']
    summary = experiment.main(args)
    rows = [json.loads(l) for l in open(out / 'experiment.jsonl')]
    for arm in ARMS['arms']:
        for seed in (0, 1):
            rs = sorted((r for r in rows if r['arm'] == arm and r['seed'] == seed), key=lambda r: r['loop'])
            assert rs[0]['loop'] == -1 and rs[0]['minutes'] == 0                     # the unit the run started from
            assert [r['loop'] for r in rs[1:]] == list(range(len(rs) - 1)) and len(rs) >= 2
            before_last = rs[-2]['minutes']
            assert before_last < 0.015, rs                                            # no loop started once the budget was spent
            assert rs[-1]['minutes'] >= 0.015 or len(rs) - 1 == 3                   # ran until the budget or the config's loops
            assert all(r['incumbent_score'] is not None for r in rs[1:])
            assert set(rs[-1]['metric']) == {'4', '8'} and all(0 <= v <= 1 for v in rs[-1]['metric'].values())
    assert [s['arm'] for s in summary] == list(ARMS['arms']) and all(s['seeds'] == [0, 1] for s in summary)
    assert (out / 'experiment.png').stat().st_size > 0
    # a rerun resumes every run: its budget is spent, so no loop is added and the rows are the same
    experiment.main(args)
    assert [json.loads(l) for l in open(out / 'experiment.jsonl')] == rows

def test_bad_arms_are_named(tmp_path):
    bad = dict(ARMS, arms={'loose': {}, 'typo': dict(train_stepz=3)})
    with pytest.raises(ValueError, match="arm 'typo'.*train_stepz"):
        experiment.main(['--arms', write_arms(tmp_path, bad), '--out', str(tmp_path / 'x'), '--minutes', '1'])
    assert not (tmp_path / 'x').exists()
    with pytest.raises(SystemExit):
        experiment.main(['--arms', write_arms(tmp_path, ARMS), '--out', str(tmp_path / 'y'), '--minutes', '1', '--only', 'nope'])
