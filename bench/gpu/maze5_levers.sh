# The maze levers beside the proposal's rule and the gradient search (levers/maze5_arms_more.json), from the shipped
# maze expert: every noisy pair kept (control a), the search against the noiseless step, best of 16 judged 20 ticks
# ahead, the gradient search with anchor pairs; then the end-to-end control (b), the expert trained on at 250 ticks with
# the reference loss for 2 minutes. Two seeds each. Rows: $OUT/levers.jsonl.
source bench/gpu/env.sh
levers() { timeout $1 python bench/levers.py --expert data/experts/maze5_r40.pth --arms bench/levers/maze5_arms_more.json \
    --out $OUT --device cuda --seeds 0 1 --only "${@:2}" 2>&1 | grep -v "it/s\|batch/s" | tail -10; }
levers ${LEVERS_S:-420} "all, act 0.05" "vs_clean" "best_of_16, lookahead 20" "gradient, lookahead 20, anchors"
levers ${E2E_S:-330} "end to end, 250 ticks"
rm -rf $OUT/runs
