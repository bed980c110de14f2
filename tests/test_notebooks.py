"""Run every notebook's tests as `nbdev_test` does (`#| slow` and `#| gpu` cells skipped): one pytest test per notebook.

Each notebook runs in a child forked from the test process, which has already imported torch, IPython and stctm: the
notebook gets a process of its own, as under `nbdev_test`, without paying two seconds of imports each time."""
import multiprocessing, os, time
from pathlib import Path
import pytest
import torch, matplotlib, IPython, execnb.shell, stctm.loop, stctm.cli     # imported once, before the forks
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook_tests

ROOT = Path(__file__).resolve().parents[1]
# Last notebook first: the later notebooks run whole pipelines and take longest, so with two workers (pytest -n) both finish
# at about the same time.
NOTEBOOKS = sorted((p.name for p in (ROOT / 'nbs').glob('[0-9]*.ipynb')), reverse=True)

def test_notebooks_found(): assert NOTEBOOKS, 'no notebooks under nbs/'

def run_notebook(nb):
    "In the forked child: the notebook's tests on one intra-op thread (CI's 2 cores run two tests side by side), exit 0 if they pass."
    torch.set_num_threads(1); os.environ.update(OMP_NUM_THREADS='1', MKL_NUM_THREADS='1')   # and for its subprocesses
    passed, _ = run_notebook_tests(ROOT / 'nbs' / nb, skip_flags=get_config().tst_flags.split(), do_print=True, basepath=ROOT)
    os._exit(0 if passed else 1)

@pytest.mark.parametrize('nb', NOTEBOOKS)
def test_notebook(nb):
    t0 = time.time()
    child = multiprocessing.get_context('fork').Process(target=run_notebook, args=(nb,))
    child.start(); child.join()
    print(f'{nb}: {time.time() - t0:.1f}s')
    assert child.exitcode == 0, f'{nb} failed (exit {child.exitcode}); its traceback is in the captured stderr'
