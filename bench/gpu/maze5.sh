# 5x5 mazes from the shipped expert: the loop's phase times on the fast path (generation mode 3, bf16, compiled, graphed,
# fused; challengers from pairs staged on the device), alone on the GPU; then one round of the proposal's rule and of
# gradient-searched pairs (two seeds) against the expert. On the GPU machine, from the repository root.
source bench/gpu/env.sh
mkdir -p runs
timeout ${LOOP_S:-240} python bench/gpu/loop_cli.py --config bench/levers/loop_maze5_fast.json --run runs/maze_fast --device cuda \
    2>&1 | grep -v "it/s\|batch/s" | tail -12
cp runs/maze_fast/loop_log.jsonl $OUT/maze5_fast_loop.jsonl
timeout ${LEVERS_S:-260} python bench/levers.py --expert data/experts/maze5_r40.pth --arms bench/levers/maze5_arms.json --out $OUT \
    --seeds 0 1 --device cuda 2>&1 | grep -v "it/s\|batch/s" | tail -8
