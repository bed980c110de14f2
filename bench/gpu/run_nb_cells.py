"""Run a notebook's code cells in order, `#| gpu` and `#| slow` cells included (what `nbdev_test --flags "gpu slow"`
runs), for the GPU machine, which has no nbdev. The cells are written to one script first (Triton reads a kernel's
source from its file). Exits non-zero at the first failure.

    source bench/gpu/env.sh; python bench/gpu/run_nb_cells.py nbs/00b_kernels.ipynb [more notebooks]
"""
import json, runpy, sys, tempfile
from pathlib import Path

for path in sys.argv[1:]:
    cells = [''.join(c['source']) for c in json.loads(Path(path).read_text())['cells'] if c['cell_type'] == 'code']
    cells = [c for c in cells if '#| eval: false' not in c]
    script = Path(tempfile.mkdtemp()) / (Path(path).stem + '.py')
    script.write_text('\n\n'.join(f'# ---- code cell {i}\n{c}' for i, c in enumerate(cells)))
    runpy.run_path(str(script), run_name='__main__')
    print(f'{path}: {len(cells)} code cells ran ({script})')
