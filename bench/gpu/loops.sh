# Runs of the loop, alone on the GPU one after the other, each from its config bench/levers/loop_<name>.json:
#   bash bench/gpu/loops.sh parity_anchors parity_anchors_pool     # p = 1, q = 0 against the expert kept in the pool (p = q = 0.5)
#   bash bench/gpu/loops.sh maze5_anchors
# Each run is cut after LOOP_S seconds (default 300); its log keeps every finished loop. Rows: $OUT/<name>.jsonl, the
# run's final best_model: $OUT/<name>.best.pth.
source bench/gpu/env.sh
mkdir -p runs $OUT
for name in "$@"; do
    timeout ${LOOP_S:-300} python bench/gpu/loop_cli.py --config bench/levers/loop_$name.json --run runs/$name --device cuda \
        > runs/$name.log 2>&1
    cp runs/$name/loop_log.jsonl $OUT/$name.jsonl; cp runs/$name/weights/best_model.pth $OUT/$name.best.pth
    grep -v "it/s\|batch/s" runs/$name.log | tail -4
done
