"""The fault suite: what a run folder survives, and how each user mistake is refused, end to end through the console scripts.

One test per fault: two writers on one run, `--resume` of a missing folder, generating the same batches twice, damaged
shards and weight files (found by `stctm_fsck`, set aside by `--repair`, then resumed), a damaged `best_model.pth`, bad
numbers / paths / devices, `kill -9` at random moments, a full disk (`ulimit -f`), a read-only folder, SIGTERM during
`stctm_train_ctm`. Every test asserts the fault was noticed (no silent success) and adds a row to the fault table that
pytest prints at the end (`conftest.py`). CPU, tiny runs; the whole suite takes about two minutes on one core.
"""
import json, os, random, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import pytest

from conftest import fault_row
from test_loop_cli import CONFIG, outcome, check_same, reference   # reference: the run of CONFIG, made once
from stctm.buffer import SOURCES, DiskReplayBuffer, shard_pairs
from stctm.files import lock_holder
from stctm.weights import buffer_digest, WeightManager, serialize_payload, weight_payload

BIN = Path(sys.executable).parent
ENV = {**{k: v for k, v in os.environ.items() if k != 'STCTM_KILL_AT'}, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}

def cmd(script, *args): return [str(BIN / script), *map(str, args)]

def run(script, *args, prefix=(), timeout=300, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *cmd(script, *args)], env=ENV, capture_output=True, text=True, timeout=timeout, cwd=cwd)

def one_line_error(r, prog, code=2) -> str:
    "The single stderr line of a refused command (no traceback); fails on a silent success."
    assert r.returncode == code, f'{prog}: expected exit {code}, got {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}'
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f'{prog}: error: ') and 'Traceback' not in r.stderr, r.stderr[-3000:]
    return lines[0]

def pairs_of(run_dir) -> dict:
    "`buffer_digest` of a run's buffers (raises on a duplicate pair)."
    return buffer_digest(DiskReplayBuffer(Path(run_dir) / 'buffer'), WeightManager(Path(run_dir) / 'weights', warn=lambda m: None))

def written(run_dir) -> int:
    "Pairs the run's loop log says were written."
    return sum(json.loads(l)['generate']['written'] for l in (Path(run_dir) / 'loop_log.jsonl').read_text().splitlines())

def fsck_json(run_dir, *args) -> tuple:
    r = run('stctm_fsck', run_dir, *args)
    assert 'Traceback' not in r.stderr, r.stderr[-3000:]
    return r.returncode, json.loads(r.stdout.strip().splitlines()[-1]), r

@pytest.fixture(scope='session')
def table(): return fault_row

@pytest.fixture(scope='session')
def ref(reference):
    "The reference run of CONFIG (2 loops; test_loop_cli's, made once for all workers): `(root, config, run folder, outcome)`. Tests copy it."
    root, cfg, out = reference
    return root, cfg, root / 'ref', out

def test_two_writers_refused(tmp_path, table):
    """`stctm_train` started twice at once on one new folder: one process wins the run lock, the other is refused. While the
    winner is at work (held still with SIGSTOP, so that the test does not race it), a `--resume`, a `stctm_generate` and a
    `stctm_fsck` of the same folder are refused, naming it. (The winner is then stopped: `test_kill_at_random_moments`
    shows what a killed run keeps.)"""
    cfg = tmp_path / 'config.json'; cfg.write_text(json.dumps(CONFIG))
    r_dir = tmp_path / 'run'
    starts = [subprocess.Popen(cmd('stctm_train', '--run', r_dir, '--config', cfg, '--device', 'cpu'), env=ENV, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    t0 = time.time()
    while lock_holder(r_dir) is None or not (r_dir / 'loop_state.json').exists():
        assert time.time() - t0 < 60 and all(p.poll() is None or p.returncode == 2 for p in starts), 'no run started'
        time.sleep(0.05)
    holder = lock_holder(r_dir)['pid']
    os.kill(holder, signal.SIGSTOP)                                          # a live writer, paused: it keeps its lock
    try:
        tries = [subprocess.Popen(cmd(*c), env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in
                 [('stctm_train', '--run', r_dir, '--resume', '--device', 'cpu'),
                  ('stctm_generate', '--run', r_dir, '--batches', '1', '--device', 'cpu'), ('stctm_fsck', r_dir)]]
        others = [subprocess.CompletedProcess(p.args, p.wait(timeout=120), *p.communicate()) for p in tries]
    finally: os.kill(holder, signal.SIGKILL)
    outs = [(p, *p.communicate(timeout=60)) for p in starts]
    winner = [o for o in outs if o[0].pid == holder]
    loser = [o for o in outs if o[0].pid != holder]
    assert len(winner) == 1 and winner[0][0].returncode == -signal.SIGKILL, [(p.returncode, e[-2000:]) for p, _, e in outs]
    lose = one_line_error(subprocess.CompletedProcess([], loser[0][0].returncode, loser[0][1], loser[0][2]), 'stctm_train')
    assert any(m in lose for m in ('is in use by', 'already holds a run', 'being set up')), lose
    for r, prog in zip(others, ('stctm_train', 'stctm_generate', 'stctm_fsck')):
        msg = one_line_error(r, prog)
        assert f'{r_dir} is in use by stctm_train (pid {holder} on host' in msg, msg
    why = next(m for m in ('is in use by', 'already holds a run', 'being set up') if m in lose)
    table('two new stctm_train runs at once on one folder', f'one ran, the other refused ("{why}")', '-')
    table('--resume, stctm_generate, stctm_fsck while a run is live', 'refused: "is in use by stctm_train (pid, host)"', '-')

def copy_of(ref, name) -> Path:
    root, _, r_dir, _ = ref
    dst = root / name
    shutil.copytree(r_dir, dst)
    return dst

IN_PROCESS = """
import json, sys
from stctm.cli import run_script
print(json.dumps([run_script(*command)[::2] for command in json.loads(sys.argv[1])]))   # (exit status, stderr) each
"""

def test_bad_arguments(tmp_path, table):
    "Numbers, paths and devices a script cannot use: one line, exit 2, nothing created (three console scripts run as they are, the rest through the same entry points in one process)."
    (tmp_path / 'afile').write_text('')
    scripts = [('stctm_train', '--loops', '-2', '--device', 'cpu'), ('stctm_generate', '--run', 'g', '--batches', '0'),
               ('stctm_train_ctm', '--run', 'c', '--device', 'tpu')]
    cases = [('stctm_train', '--run', 'typo', '--resume'), ('stctm_train', '--threads', '0'), ('stctm_train', '--run', 'afile'),
             ('stctm_train', '--device', 'tpu'), ('stctm_generate', '--run', 'g', '--batches', '-3'),
             ('stctm_generate', '--run', 'g', '--ticks', '0'), ('stctm_generate', '--run', 'afile'),
             ('stctm_train_ctm', '--run', 'c', '--ticks', '0'), ('stctm_train_ctm', '--run', 'c', '--resume'), ('stctm_fsck', 'nothing')]
    procs = [(c, subprocess.Popen(cmd(*c), env=ENV, cwd=tmp_path, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
             for c in scripts]
    r = subprocess.run([sys.executable, '-c', IN_PROCESS, json.dumps(cases)], env=ENV, cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    results = [(c, subprocess.CompletedProcess(c, code, '', err)) for c, (code, err) in zip(cases, json.loads(r.stdout.splitlines()[-1]))]
    results += [(c, subprocess.CompletedProcess(c, p.wait(timeout=120), *p.communicate())) for c, p in procs]
    for c, res in results:
        msg = one_line_error(res, c[0])
        if c[1:3] == ('--run', 'typo'): assert '--resume: there is no run folder typo' in msg, msg
    assert sorted(p.name for p in tmp_path.iterdir()) == ['afile'], 'a refused command left something behind'
    table('--resume of a missing folder (stctm_train, stctm_train_ctm)', 'exit 2, one line, nothing created', '-')
    table(f'bad numbers / paths / devices ({len(results)} commands)', 'exit 2, one line each, nothing created', '-')

def test_generate_twice_appends_nothing(tmp_path, table):
    args = ('--run', tmp_path / 'gen', '--preset', 'tiny_maze', '--batches', '3', '--ticks', '10', '--batch-size', '4', '--chunk', '3',
            '--act_noise', '0.5', '--no_threaded', '--commit_every', '1', '--device', 'cpu')
    first = run('stctm_generate', *args)
    assert first.returncode == 0, first.stderr[-3000:]
    a = json.loads(first.stdout.strip().splitlines()[-1])
    before = pairs_of(tmp_path / 'gen')
    assert a['written'] > 0 and len(before) == a['written']
    again = run('stctm_generate', *args)
    assert again.returncode == 0, again.stderr[-3000:]
    b = json.loads(again.stdout.strip().splitlines()[-1])                       # strict JSON, though nothing was generated
    assert (b['batches'], b['written'], b['skipped']) == (0, 0, [0, 1, 2]) and 'are in the buffers already' in again.stderr
    assert pairs_of(tmp_path / 'gen') == before                              # nothing appended, nothing lost
    json.loads((tmp_path / 'gen' / 'generate_summary.json').read_text())
    table('stctm_generate twice with the same seed', f'second run skipped batches 0-2 (intent log); {len(before)} pairs, none twice', 0)

def test_damaged_files_fsck_repair_resume(ref, table):
    "A truncated shard, a garbage shard, a tampered weight file and a damaged validation shard: met by name, found, set aside, resumed."
    _, _, _, out = ref
    r_dir = copy_of(ref, 'damaged')
    buf = DiskReplayBuffer(r_dir / 'buffer')
    trunc, garbage = buf.shards('expert')[0], buf.shards('self_play')[-1]
    trunc.write_bytes(trunc.read_bytes()[:trunc.stat().st_size // 2])
    garbage.write_bytes(np.random.default_rng(0).bytes(garbage.stat().st_size))
    val = sorted((r_dir / 'validation').rglob('*.tar'))[0]
    val.write_bytes(val.read_bytes()[:1000])
    pool = sorted((r_dir / 'weights' / 'expert_pool').glob('*.pth'))[0]
    wm = WeightManager(r_dir / 'weights')
    os.chmod(pool, 0o644)
    pool.write_bytes(serialize_payload(weight_payload(wm.load(pool.stem).cfg, wm.load(wm.best_id()).state_dict(), {'name': 'x'})))
    damaged = {str(p.relative_to(r_dir)) for p in (trunc, garbage, pool)} | {'validation'}
    lost_pairs = shard_pairs(trunc) + shard_pairs(garbage)

    met = run('stctm_train', '--run', r_dir, '--resume', '--loops', '3', '--device', 'cpu')      # meets one of them by name
    msg = one_line_error(met, 'stctm_train')
    assert any(str(r_dir / d) in msg for d in damaged) and f'`stctm_fsck {r_dir} --repair` sets damaged files aside' in msg, msg

    code, rep, r = fsck_json(r_dir)                                          # a check finds all of them, moves nothing
    assert code == 1 and {f['path'] for f in rep['damaged']} == damaged, r.stdout[-3000:]
    assert trunc.exists() and not (r_dir / 'quarantine').exists()
    code, rep, r = fsck_json(r_dir, '--repair')
    assert code == 0 and rep['ok'] and rep['pairs_lost'] == lost_pairs, r.stdout[-3000:]
    report = json.loads(Path(rep['report']).read_text())
    assert {f['path'] for f in report['damaged']} == damaged and all(f['why'] and f['action'] for f in report['damaged'])
    code, rep, r = fsck_json(r_dir)
    assert code == 0 and rep['damaged'] == [], r.stdout[-3000:]

    done = run('stctm_train', '--run', r_dir, '--resume', '--loops', '3', '--device', 'cpu')
    assert done.returncode == 0, done.stderr[-3000:]
    assert 'validation set:' in done.stdout                                  # drawn again
    final = pairs_of(r_dir)                                                  # every remaining pair readable, none twice
    gone = {k for k in out['digest'] if k not in final}
    assert len(gone) == lost_pairs and len(final) == written(r_dir) - lost_pairs
    table('truncated shard + garbage shard + tampered pool weights + bad validation shard',
          'resume refused naming a file + `stctm_fsck --repair`; fsck found 4, quarantined, resume completed', f'0 (+{lost_pairs} in the 2 damaged shards)')

def test_best_model_fallback(ref, table):
    r_dir = copy_of(ref, 'best')
    best = r_dir / 'weights' / 'best_model.pth'
    was = WeightManager(r_dir / 'weights').best_id()
    os.chmod(best, 0o644); best.write_bytes(best.read_bytes()[:5000])
    r = run('stctm_train', '--run', r_dir, '--resume', '--loops', '3', '--device', 'cpu')
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'best_model.pth restored from' in r.stdout and f'{was}.pth' in r.stdout, r.stdout[-3000:]
    hist = [json.loads(l) for l in (r_dir / 'loop_log.jsonl').read_text().splitlines()]
    assert [h['loop'] for h in hist] == [0, 1, 2] and hist[2]['best_id_before'] == was
    assert len(pairs_of(r_dir)) == written(r_dir) and fsck_json(r_dir)[0] == 0
    table('best_model.pth cut short', f'warning, restored from by_id/{was}.pth, the run went on', 0)

def test_kill_at_random_moments(ref, table):
    "SIGKILL at two random moments of the run's work (a seeded draw), resume after each: the same run as the reference, bit for bit."
    root, cfg, _, out = ref
    rng = random.Random(14)
    r_dir, delays = root / 'killed', [rng.uniform(0.3, 3.0), rng.uniform(0.3, 2.0)]
    for i, delay in enumerate(delays):
        p = subprocess.Popen(cmd('stctm_train', '--run', r_dir, *(('--config', cfg) if i == 0 else ('--resume',)), '--device', 'cpu'),
                             env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        t0 = time.time()
        while (lock_holder(r_dir) or {}).get('pid') != p.pid or not (r_dir / 'loop_state.json').exists():   # at work on the run
            assert p.poll() is None and time.time() - t0 < 60, p.communicate()
            time.sleep(0.02)
        time.sleep(delay); p.kill()
        p.communicate(timeout=60)
        assert p.returncode == -signal.SIGKILL, f'the run ended before the kill {delay:.1f} s into its work'
        assert lock_holder(r_dir)['pid'] == p.pid                            # its lock file stays, the lock does not
    last = run('stctm_train', '--run', r_dir, '--resume', '--device', 'cpu')
    assert last.returncode == 0 and 'taking over the lock left by stctm_train' in last.stdout, last.stderr[-3000:]
    check_same(outcome(r_dir), out)
    table(f'kill -9 {delays[0]:.1f} s into the run\'s work, then {delays[1]:.1f} s into the resume', 'stale lock taken over; resumed: the reference run bit for bit', 0)

def test_disk_full(ref, table):
    "A file-size limit (`ulimit -f`) the next weight file exceeds: one line, exit 1; then the run resumes and checks clean."
    r_dir = copy_of(ref, 'full')
    size = (r_dir / 'weights' / 'best_model.pth').stat().st_size
    limited = ['bash', '-c', f'ulimit -f {size // 2048}; exec "$@"', 'limited']
    r = run('stctm_train', '--run', r_dir, '--resume', '--loops', '3', '--device', 'cpu', prefix=limited)
    msg = one_line_error(r, 'stctm_train', code=1)
    assert 'File too large' in msg and 'stctm_fsck' in msg, msg
    assert not list((r_dir / 'weights').rglob('.*.tmp')), 'a temporary file was left behind'
    code, rep, _ = fsck_json(r_dir)
    assert code == 0, rep
    r = run('stctm_train', '--run', r_dir, '--resume', '--loops', '3', '--device', 'cpu')
    assert r.returncode == 0, r.stderr[-3000:]
    assert [json.loads(l)['loop'] for l in (r_dir / 'loop_log.jsonl').read_text().splitlines()] == [0, 1, 2]
    assert len(pairs_of(r_dir)) == written(r_dir)
    table(f'disk full (ulimit -f {size // 2048} KiB) in loop 2', 'exit 1, one line; fsck clean; resumed to the end', 0)

def test_read_only_folder(ref, table):
    "A run folder that cannot be written: every writer refuses it in one line; a check still reads it; nothing changes."
    r_dir = copy_of(ref, 'readonly')
    prefix = ()
    if os.geteuid() == 0:                                                    # root writes anywhere: drop that power
        if not shutil.which('setpriv'): pytest.skip('running as root without setpriv: cannot make a folder read-only')
        prefix = ('setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--')
    before = sorted((str(p), p.stat().st_mtime_ns) for p in r_dir.rglob('*'))
    subprocess.run(['chmod', '-R', 'a-w', str(r_dir)], check=True)
    try:
        for script, *args in [('stctm_train', '--run', r_dir, '--resume', '--device', 'cpu'),
                              ('stctm_train', '--run', r_dir / 'new', '--device', 'cpu'),
                              ('stctm_generate', '--run', r_dir, '--batches', '1', '--device', 'cpu')]:
            msg = one_line_error(run(script, *args, prefix=prefix), script, code=1)
            assert 'is not writable' in msg, msg
        r = run('stctm_fsck', r_dir, prefix=prefix)
        assert r.returncode == 0 and json.loads(r.stdout.strip().splitlines()[-1])['ok'], r.stdout[-2000:] + r.stderr[-2000:]
    finally: subprocess.run(['chmod', '-R', 'u+w', str(r_dir)], check=True)
    assert sorted((str(p), p.stat().st_mtime_ns) for p in r_dir.rglob('*')) == before
    table('read-only run folder', 'train/generate: exit 1, one line; fsck reads it; nothing changed', 0)

def test_sigterm_train_ctm(tmp_path, table):
    "SIGTERM during stctm_train_ctm: it stops after the step in progress with a checkpoint, without the held-out evaluation; --resume ends the run."
    args = ('--preset', 'tiny_maze', '--grid-n', '3', '--ticks', '4', '--d-model', '24', '--batch', '8', '--train-n', '32',
            '--eval-n', '16', '--steps', '150', '--warmup', '5', '--eval-every', '0', '--ckpt-every', '0', '--log-every', '5',
            '--no-progress', '--threads', '1', '--run', tmp_path / 'ctm', '--device', 'cpu')
    p = subprocess.Popen(cmd('stctm_train_ctm', *args), env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not (line := p.stderr.readline()).startswith('{"step"'):
        if not line: raise AssertionError(f'stctm_train_ctm ended before its first log line: {p.communicate()}')
    t0 = time.time(); p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=120); took = time.time() - t0
    assert p.returncode == 0, err[-3000:]
    s = json.loads(out.strip().splitlines()[-1])
    assert s['stopped'] == 'signal' and s['steps'] < 150 and s['heldout'] is None and 'continue it with --resume' in err
    assert (tmp_path / 'ctm' / 'checkpoint.pt').exists() and not (tmp_path / 'ctm' / 'eval_test.json').exists()
    assert not (tmp_path / 'ctm' / '.lock').exists()
    r = run('stctm_train_ctm', *args[:-4], '--resume', '--run', tmp_path / 'ctm', '--device', 'cpu')
    assert r.returncode == 0, r.stderr[-3000:]
    done = json.loads(r.stdout.strip().splitlines()[-1])
    assert (done['stopped'], done['steps']) == ('done', 150) and (tmp_path / 'ctm' / 'eval_test.json').exists()
    table('SIGTERM during stctm_train_ctm', f"stopped at step {s['steps']} in {took:.1f} s with a checkpoint, no evaluation tail; --resume finished", '-')
