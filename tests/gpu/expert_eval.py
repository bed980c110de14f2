"Held-out solve rate by ticks of a weight file on the loop preset's test mazes (the same 256 as the loop's metric)."
import json, sys, torch
from stctm.evaluate import load_weights, evaluate_by_ticks, save_evaluation
from stctm.tasks import preset
path, out = sys.argv[1], sys.argv[2]
import os; DEV = 'cuda' if torch.cuda.is_available() else 'cpu'; N = int(os.environ.get('N', 256)); TICKS = [int(t) for t in os.environ.get('TICKS', '50,100,250,1000').split(',')]
model, meta = load_weights(path, device=DEV)
task = preset('maze_5x5').task('test', n=256, seed=0)
res = evaluate_by_ticks(model, task, n=256, ticks_list=[50, 100, 250, 1000], batch_size=256, device=DEV)
save_evaluation(res, out, 'expert_eval_1000', title=f'{path}: held-out 5x5 mazes by ticks')
print(json.dumps({'at_ticks': {t: {k: round(v, 4) for k, v in r.items()} for t, r in res['at_ticks'].items()},
                  'first_impression': res['first_impression'], 'certainty_stopping': res['certainty_stopping']}))
