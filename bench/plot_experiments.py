"""Plots `results/experiments/` for the README: the tuning's check (best_model's held-out accuracy by minutes of loop
work, the `parity16_tuned` preset beside `parity16_expert`) into `nbs/images/parity16_tuned.png`.

    python bench/plot_experiments.py
"""
import json
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
import experiment

ROOT = Path(__file__).parents[1]
NAMES = {'preset': 'parity16_expert', "preset at the tuning's scale": 'parity16_tuned'}

def main():
    rows = [json.loads(l) for l in open(ROOT / 'bench/results/experiments/tune_parity_gpu_check.jsonl')]
    rows = [dict(r, arm=NAMES[r['arm']], metric={t: v for t, v in r['metric'].items() if t != '1000'}) for r in rows if r['arm'] in NAMES]
    path = experiment.plot(rows, ROOT / 'nbs/images/parity16_tuned.png')
    print(path)

if __name__ == '__main__':
    main()
