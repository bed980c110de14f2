"""`stctm_train` end to end: `kill -9` in every phase of the self-play loop, then `--resume`.

A run killed at any point and resumed must end with the same replay buffers (no pair lost, none duplicated, every
tensor bit for bit), the same decisions and scores per loop, and one promotion per promoted loop, as the same run
left alone. The process kills itself with SIGKILL at a named point (`STCTM_KILL_AT=point:n`, see `stctm.loop.kill_point`).
Kills are chained (resume, killed again at the next point, ...) to keep the number of processes down; after every kill
the state file must show the phase the point belongs to, so each kill is known to have hit where it was meant to.
"""
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pytest

from conftest import made_once
from stctm.loop import KILL_ENV, MasterTrainer
from stctm.weights import buffer_digest, content_id

CONFIG = dict(base='tiny', seed=1, loops=2, batches=4, commit_every=2, task_n=64, train_steps=8, challengers=2, val_size=24,
              generate=dict(ticks=16, batch_size=6, chunk=4, threaded=False, act_noise=0.1),   # inline: staged shards at a kill
              metric_n=8, metric_ticks=[4, 8], metric_every=2, pairs_per_shard=8, pairs_per_record=4)
SCRIPT = Path(sys.executable).with_name('stctm_train')

def train(run, *args, kill=None):
    env = {k: v for k, v in os.environ.items() if k != KILL_ENV}
    if kill: env[KILL_ENV] = kill
    t0 = time.time()
    r = subprocess.run([str(SCRIPT), '--run', str(run), '--device', 'cpu', *args], env=env, capture_output=True, text=True,
                       timeout=300)
    print(f'{kill or "to the end"}: rc {r.returncode} in {time.time() - t0:.1f}s')
    return r

def state(run) -> dict: return json.loads((Path(run) / 'loop_state.json').read_text())

def outcome(run) -> dict:
    "What must not depend on kills: buffers (weight ids by content), decisions and scores, promotions, final best."
    mt = MasterTrainer(run, None, device='cpu', resume=True, log=lambda *a: None)
    log = [json.loads(l) for l in (Path(run) / 'loop_log.jsonl').read_text().splitlines()]
    promoted = [i for i in mt.wm.known_ids() if mt.wm.meta(i).get('origin') == 'promoted challenger']
    return dict(digest=buffer_digest(mt.buffer, mt.wm), loops=[h['loop'] for h in log],
                decisions=[(h['winner'], h['scores']) for h in log], promotions=len(promoted),
                best=content_id(mt.wm, mt.wm.best_id()), cohort=mt.wm.challengers(), at=(mt.state['loop'], mt.state['phase']),
                staging=sorted(p.name for p in (Path(run) / 'staging').glob('*')) if (Path(run) / 'staging').exists() else [])

@pytest.fixture(scope='session')                                   # shared with test_distributed.py
def reference(tmp_path_factory):
    "The run of CONFIG on one process, to the end, made once for all workers: `(folder, config file, its outcome)`."
    return made_once(tmp_path_factory, 'loop', reference_run)

def reference_run(root):
    cfg = root / 'config.json'; cfg.write_text(json.dumps(CONFIG))
    r = train(root / 'ref', '--config', str(cfg))
    assert r.returncode == 0, r.stderr[-4000:]
    assert 'TensorBoard logs:' in r.stdout and 'summary plot:' in r.stdout
    ref = outcome(root / 'ref')
    assert ref['loops'] == [0, 1] and ref['at'] == (2, 'generate') and ref['cohort'] == [] and ref['staging'] == []
    assert ref['promotions'] == sum(w != 'best' for w, _ in ref['decisions']) >= 1, 'the test needs a promotion to kill around'
    return root, cfg, ref

def kill_chain(root, cfg, name, kills):
    "Start the run, kill it at each `(point, (loop, phase))` in turn (resuming in between), then resume to the end."
    run = root / name
    for i, (point, where) in enumerate(kills):
        r = train(run, *(('--config', str(cfg)) if i == 0 else ('--resume',)), kill=point)
        assert r.returncode == -signal.SIGKILL, f'{point}: expected a SIGKILL, got rc {r.returncode}\n{r.stderr[-3000:]}'
        st = state(run)
        assert (st['loop'], st['phase']) == where, f'{point}: killed at {(st["loop"], st["phase"])}, expected {where}'
        yield point, run, st
    r = train(run, '--resume')
    assert r.returncode == 0, r.stderr[-4000:]
    assert 'resuming' in r.stdout

def check_same(got, ref):
    assert got['loops'] == ref['loops'] == [0, 1]                   # one line, hence one decision, per loop
    assert got['decisions'] == ref['decisions']
    assert got['promotions'] == ref['promotions']                   # nothing promoted twice
    assert got['best'] == ref['best'] and got['cohort'] == [] and got['staging'] == []
    assert set(got['digest']) == set(ref['digest']), (f"lost {len(set(ref['digest']) - set(got['digest']))}, "
                                                      f"extra {len(set(got['digest']) - set(ref['digest']))} pairs")
    assert got['digest'] == ref['digest']                           # bit for bit

def test_help():
    r = subprocess.run([str(SCRIPT), '--help'], capture_output=True, text=True)
    assert r.returncode == 0 and '--resume' in r.stdout and '--config' in r.stdout

def test_kills_in_generate_train_evaluate(reference):
    root, cfg, ref = reference
    for point, run, st in kill_chain(root, cfg, 'chain1', [
            ('generate.batch:3', (0, 'generate')),      # batch 2 of loop 0 made, its group (2, 3) not committed
            ('generate.commit:2', (0, 'generate')),     # 2 shards of that group moved, the rest still staged
            ('train.step:12', (0, 'train')),            # challenger 2, step 4
            ('evaluate.candidate:2', (0, 'evaluate'))]):  # best and challenger 1 scored
        g = st['current']['generate']
        if point == 'generate.batch:3': assert g['done'] == 2 and g['commit'] is None and any((run / 'staging').rglob('*.tar'))
        if point == 'generate.commit:2': assert g['commit'] is not None and any((run / 'staging').rglob('*.tar'))
        if point == 'train.step:12': assert list(st['current']['train']['challengers']) == ['1']
        if point == 'evaluate.candidate:2': assert sorted(st['current']['scores']) == ['best', 'challenger_1']
    check_same(outcome(root / 'chain1'), ref)

def test_kills_around_promotion(reference):
    root, cfg, ref = reference
    assert ref['decisions'][0][0] != 'best', 'loop 0 of the reference promotes a challenger'
    for point, run, st in kill_chain(root, cfg, 'chain2', [
            ('promote.decided:1', (0, 'promote')),      # decision recorded, nothing promoted
            ('promote.done:1', (0, 'promote')),         # promoted, the state does not know yet
            ('finish.logged:1', (0, 'finish')),         # loop log written, loop not advanced
            ('generate.batch:2', (1, 'generate'))]):    # loop 1's first group staged
        d = st['current']['decision']
        mt = MasterTrainer(run, None, device='cpu', resume=True, log=lambda *a: None)
        promoted_from = mt.wm.meta(mt.wm.best_id()).get('promoted_from')
        if point == 'promote.decided:1': assert d['winner'] != 'best' and promoted_from != d['winner_id']
        if point == 'promote.done:1': assert promoted_from == d['winner_id'] and 'best_id_after' not in d
    check_same(outcome(root / 'chain2'), ref)
