"""`stctm_train --nproc 2` (gloo, two CPU processes) against the same run on one process, with kills of either rank.

The run of `test_loop_cli.CONFIG` on two processes, killed with SIGKILL in rank 1's generation, in rank 1's challenger
training and in rank 0's commit, resumed each time with `--nproc 2`, must end with what the single-process run ends
with: the same pairs (bit for bit, in the same order), the same scores and decisions, one promotion per promoted loop.
A killed follower stops rank 0 at once with one line (exit 1); a killed rank 0 takes its follower with it.
"""
import json, os, signal, subprocess, time
from pathlib import Path

from stctm.loop import KILL_ENV
from test_loop_cli import SCRIPT, outcome, check_same, state, reference   # reference: the run on one process

def train(run, *args, kill=None, timeout=300):
    env = {k: v for k, v in os.environ.items() if k != KILL_ENV}
    if kill: env[KILL_ENV] = kill
    env['OMP_NUM_THREADS'] = '1'
    t0 = time.time()
    r = subprocess.run([str(SCRIPT), '--run', str(run), '--device', 'cpu', *args], env=env, capture_output=True, text=True,
                       timeout=timeout)
    print(f'{" ".join(args)} {kill or "to the end"}: rc {r.returncode} in {time.time() - t0:.1f}s')
    return r

def processes_with_env(entry: str) -> list:
    "Pids of this user's processes started with `entry` (`NAME=value`) in their environment."
    pids = []
    for p in Path('/proc').iterdir():
        if not p.name.isdigit(): continue
        try: env = (p / 'environ').read_bytes().split(b'\0')
        except OSError: continue
        if entry.encode() in env: pids.append(int(p.name))
    return pids

def test_nproc_checked(tmp_path):
    r = train(tmp_path / 'run', '--nproc', '0')
    assert r.returncode == 2 and '--nproc must be >= 1, got 0' in r.stderr, r.stderr
    assert not (tmp_path / 'run').exists()

def test_two_processes_killed_and_resumed(reference):
    root, cfg, ref = reference
    run = root / 'two'
    # rank 1 dies in its share of loop 0's generation: rank 0 stops with one line, nothing committed from that group
    r = train(run, '--config', str(cfg), '--nproc', '2', kill='generate.batch:1@1')
    assert r.returncode == 1 and 'another rank stopped' in r.stderr and '--resume' in r.stderr, r.stderr[-3000:]
    assert 'Traceback' not in r.stderr
    assert (state(run)['loop'], state(run)['phase']) == (0, 'generate')
    # rank 1 dies while training its challenger of loop 0
    r = train(run, '--resume', '--nproc', '2', kill='train.step:3@1')
    assert r.returncode == 1 and 'another rank stopped' in r.stderr, r.stderr[-3000:]
    assert 'resuming' in r.stdout and (state(run)['loop'], state(run)['phase']) == (0, 'train')
    # rank 0 dies while committing loop 1's first group: its follower ends with it
    spec = 'generate.commit:1@0'
    r = train(run, '--resume', '--nproc', '2', kill=spec)
    assert r.returncode == -signal.SIGKILL, r.stderr[-3000:]
    assert (state(run)['loop'], state(run)['phase']) == (1, 'generate')
    t0 = time.time()
    while processes_with_env(f'{KILL_ENV}={spec}') and time.time() - t0 < 20: time.sleep(0.2)
    assert processes_with_env(f'{KILL_ENV}={spec}') == [], 'a follower outlived its killed rank 0'
    r = train(run, '--resume', '--nproc', '2')
    assert r.returncode == 0, r.stderr[-4000:]
    check_same(outcome(run), ref)
