"""What the test modules share across pytest-xdist's worker processes (`pytest -n auto`): reference runs made once for the
whole test run (`made_once`), and the fault table of `test_faults.py` (each test adds a row: fault, outcome, pairs lost;
the rows go to a file that the main process names in the environment before its workers start, and pytest prints the
table at the end)."""
import fcntl, json, os, pickle, shutil, tempfile
from pathlib import Path

ROWS_ENV = 'STCTM_FAULT_ROWS'

def pytest_configure(config):
    if hasattr(config, 'workerinput'): return                   # an xdist worker: it writes to the main process's file
    fd, path = tempfile.mkstemp(prefix='stctm-faults-', suffix='.jsonl'); os.close(fd)
    os.environ[ROWS_ENV] = config.fault_rows_path = path

def fault_row(fault, outcome, lost):
    "Add a row to the fault table (one short line appended: whole, even with two workers writing)."
    with open(os.environ[ROWS_ENV], 'a') as f: f.write(json.dumps([fault, outcome, lost]) + '\n')

def pytest_terminal_summary(terminalreporter, exitstatus, config):
    path = getattr(config, 'fault_rows_path', None)
    if path is None or not Path(path).exists(): return
    rows = [json.loads(l) for l in Path(path).read_text().splitlines()]
    os.remove(path)
    if not rows: return
    head = ('fault', 'outcome', 'pairs lost')
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(3)]
    line = lambda r: '| ' + ' | '.join(str(v).ljust(w) for v, w in zip(r, widths)) + ' |'
    terminalreporter.section('fault table (tests/test_faults.py)')
    for r in [head, tuple('-' * w for w in widths), *rows]: terminalreporter.write_line(line(r))

def made_once(tmp_path_factory, name, make):
    """`make(folder)`'s result, computed once for the whole test run: the first worker to ask makes it in a folder all workers
    see, the others wait for it (a file lock) and get the same result (pickled beside the folder). A failed `make` leaves
    nothing behind, so the next worker to ask tries again and reports its own failure."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get('PYTEST_XDIST_WORKER'): base = base.parent                # the workers' common folder
    folder, result = base / name, base / f'{name}.pkl'
    with open(base / f'{name}.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            shutil.rmtree(folder, ignore_errors=True); folder.mkdir()
            try: value = make(folder)
            except BaseException: shutil.rmtree(folder, ignore_errors=True); raise
            result.write_bytes(pickle.dumps(value))
        return pickle.loads(result.read_bytes())
