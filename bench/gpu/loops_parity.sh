# The loop from the shipped parity expert with gradient-searched pairs, side by side on one GPU: promoted by the score
# (seed 0) and by the validation task metric (seeds 0 and 1); beside them the end-to-end control (the expert trained on
# at 250 ticks with the reference loss) for about the same wall time. On the GPU machine, from the repository root.
source bench/gpu/env.sh
S=${LOOP_S:-450}
run() { timeout $S python bench/gpu/loop_cli.py --config bench/levers/$1.json --run runs/$2 --device cuda > runs/$2.log 2>&1; }
mkdir -p runs
run loop_parity_gradient_score score_s0 &
run loop_parity_gradient_val_metric val_metric_s0 &
(python - <<'PY'
import json; c = json.load(open('bench/levers/loop_parity_gradient_val_metric.json')); c['seed'] = 1
json.dump(c, open('runs/val_metric_s1.json', 'w'))
PY
timeout $S python bench/gpu/loop_cli.py --config runs/val_metric_s1.json --run runs/val_metric_s1 --device cuda > runs/val_metric_s1.log 2>&1) &
timeout $((S + 60)) python bench/levers.py --expert data/experts/parity16.pth --arms bench/levers/parity_e2e.json --out runs/e2e \
    --seeds 0 --device cuda > runs/e2e.log 2>&1 &
wait
for r in score_s0 val_metric_s0 val_metric_s1; do cp runs/$r/loop_log.jsonl $OUT/$r.jsonl; tail -3 runs/$r.log; done
cp runs/e2e/levers.jsonl $OUT/e2e.jsonl; tail -2 runs/e2e.log
cp runs/val_metric_s0/summary.png $OUT/val_metric_s0.png
