# One round of each lever from the shipped parity expert (bench/levers/parity_arms.json, two seeds), then the signal
# table of both experts. Rows: $OUT/levers.jsonl, $OUT/signal.jsonl. On the GPU machine, from the repository root.
source bench/gpu/env.sh
timeout ${LEVERS_S:-420} python bench/levers.py --expert data/experts/parity16.pth --arms bench/levers/parity_arms.json \
    --out $OUT --seeds 0 1 --device cuda $LEVERS_ARGS 2>&1 | grep -v "it/s\|batch/s" | tail -40
timeout ${SIGNAL_S:-120} python bench/signal_table.py --out $OUT --n 512 --ticks 250 --device cuda 2>&1 | tail -20
rm -rf $OUT/runs
