# The parity levers that complete the lever table: the arms of levers/parity_arms.json not in
# results/levers/parity16_one_round_h200.jsonl, and levers/parity_arms_more.json, two seeds, one process per seed side by side on one
# GPU. Rerunnable: rows already in results/levers/parity16_one_round_rest.jsonl are
# skipped, so a run cut short by its time limit goes on where it stopped. Rows: $OUT/parity16_one_round_rest.jsonl.
source bench/gpu/env.sh
first=bench/results/levers/parity16_one_round_h200.jsonl prior=bench/results/levers/parity16_one_round_rest.jsonl
ORDER='["best_of_16, lookahead 20, sigma 1.0", "best_of_16, lookahead 20, sum loss", "best_of_16, lookahead 20, t >= 50",
  "best_of_16, lookahead 20, lr 1e-4", "best_of_16, lookahead 20, noisy states", "best_of_16, lookahead 20, 8 batches",
  "best_of_16, lookahead 20, 2000 steps", "best_of_16, lookahead 20, anchors", "gradient, lookahead 20, 1000 ticks",
  "gradient, lookahead 20, anchors", "best_of_16, lookahead 20, weight noise 0.01", "top 4 of 16, lookahead 20", "gradient, lookahead 20"]'
python - "$ORDER" <<'PY'   # one arms file, cheapest listed levers first
import json, sys
arms = {a['name']: a for f in ('bench/levers/parity_arms.json', 'bench/levers/parity_arms_more.json') for a in json.load(open(f))}
json.dump([arms[n] for n in json.loads(sys.argv[1])], open('/tmp/levers_rest.json', 'w'))
PY
job() {  # SEED: every arm of /tmp/levers_rest.json with one seed, skipping rows already measured
    local dir=/tmp/levers/s$1; mkdir -p $dir
    cat $first $( [ -f $prior ] && echo $prior ) > $dir/levers.jsonl
    timeout ${LEVERS_S:-540} python bench/levers.py --expert data/experts/parity16.pth --arms /tmp/levers_rest.json --out $dir \
        --seeds $1 --device cuda 2>&1 | grep -v "it/s\|batch/s" | tail -12 > $dir.log
}
job 0 & job 1 &
wait
cat /tmp/levers/*.log
python - $first $OUT/parity16_one_round_rest.jsonl /tmp/levers/*/levers.jsonl <<'PY'   # the new rows, once each
import json, sys
seen, rows = {(r['arm'], r['seed']) for r in map(json.loads, open(sys.argv[1]))}, []
for path in sys.argv[3:]:
    for line in open(path):
        r = json.loads(line)
        if (r['arm'], r['seed']) not in seen: seen.add((r['arm'], r['seed'])); rows.append(line)
open(sys.argv[2], 'w').writelines(rows); print(len(rows), 'rows')
PY
