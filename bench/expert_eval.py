"""Held-out solve rate by ticks of a weight file on the loop preset's test mazes (the same 256 as the loop's metric).

    python bench/expert_eval.py WEIGHTS OUT_DIR      # env N (default 256), TICKS (default 50,100,250,1000)

Runs on the GPU when there is one, else on the CPU. Writes OUT_DIR/expert_eval.json and .png.
"""
import json, os, sys
from stctm.core import default_device
from stctm.evaluate import load_weights, evaluate_by_ticks, save_evaluation
from stctm.tasks import preset

path, out = sys.argv[1], sys.argv[2]
n, ticks = int(os.environ.get('N', 256)), [int(t) for t in os.environ.get('TICKS', '50,100,250,1000').split(',')]
model, _ = load_weights(path, device=default_device())
res = evaluate_by_ticks(model, preset('maze_5x5').task('test', n=n, seed=0), ticks_list=ticks, batch_size=256)
save_evaluation(res, out, 'expert_eval', title=f'{path}: held-out 5x5 mazes by ticks')
print(json.dumps({'at_ticks': res['at_ticks'], 'first_impression': res['first_impression'],
                  'certainty_stopping': res['certainty_stopping']}))
