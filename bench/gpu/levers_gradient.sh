# The parity levers still missing from the lever table, each alone on the GPU, two seeds: best-of-16 judged 20 ticks
# ahead with anchor pairs, the second seed of the gradient search over 1000 ticks, and the gradient search with more
# anchors (probability 1.0), a longer lookahead (50 ticks) or a smaller step (sigma 0.1) (levers/parity_arms_gradient.json).
# Rerunnable: rows already in $OUT/levers.jsonl are skipped. Rows: $OUT/parity16_one_round_gradient.jsonl.
source bench/gpu/env.sh
prior=bench/results/levers/parity16_one_round_rest.jsonl
python - <<'PY'   # one arms file, in the order they are wanted
import json
arms = {a['name']: a for f in ('bench/levers/parity_arms.json', 'bench/levers/parity_arms_more.json') for a in json.load(open(f))}
new = json.load(open('bench/levers/parity_arms_gradient.json'))
json.dump([arms['best_of_16, lookahead 20, anchors'], arms['gradient, lookahead 20, 1000 ticks']] + new, open('/tmp/arms_gradient.json', 'w'))
PY
mkdir -p $OUT
[ -f $OUT/levers.jsonl ] || grep -h '"arm": "gradient, lookahead 20, 1000 ticks", "seed": 0' $prior > $OUT/levers.jsonl   # measured
timeout ${LEVERS_S:-570} python bench/levers.py --expert data/experts/parity16.pth --arms /tmp/arms_gradient.json --out $OUT \
    --seeds 0 1 --device cuda 2>&1 | grep -v "it/s\|batch/s" | tail -12
grep -vFxf $prior $OUT/levers.jsonl > $OUT/parity16_one_round_gradient.jsonl; wc -l $OUT/parity16_one_round_gradient.jsonl
rm -rf $OUT/runs
