"Run every notebook's tests (nbdev_test, skipping `#| slow` and `#| gpu` cells): one pytest test per notebook."
import os, subprocess, sys, time
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / 'nbs').glob('[0-9]*.ipynb'))

def test_notebooks_found(): assert NOTEBOOKS, 'no notebooks under nbs/'

@pytest.mark.parametrize('nb', NOTEBOOKS)
def test_notebook(nb):
    t0 = time.time()
    # one intra-op thread: on a 2-core CI box, torch's OpenMP threads spinning against another process made small ops 50x slower
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}
    r = subprocess.run([str(Path(sys.executable).with_name('nbdev_test')), '--path', f'nbs/{nb}', '--do_print'],
                       cwd=ROOT, capture_output=True, text=True, env=env)
    print(f'{nb}: {time.time() - t0:.1f}s')
    assert r.returncode == 0, f'{nb} failed:\n{r.stdout[-6000:]}\n{r.stderr[-6000:]}'
