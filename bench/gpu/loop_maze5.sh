# The self-improvement loop from the shipped 5x5-maze expert: `stctm_train --config maze5_expert --loops 6` on one GPU
# under a 470 s time limit (the pool holds the expert and two random inits on its backbone; best_model starts as the
# expert). Per loop: champion and challengers' scores, challenger losses, yield, buffers and the held-out task metric,
# in runs/loop_maze5/loop_log.jsonl, TensorBoard logs and runs/loop_maze5/summary.png. They come back in $OUT as loop_maze5.tar.part-*.
# On the GPU machine, from the repository root, OUT set to an empty folder: bash bench/gpu/loop_maze5.sh
source bench/gpu/env.sh
mkdir -p runs/loop_maze5
timeout 470 python3 bench/gpu/loop_cli.py --config maze5_expert --loops 6 --run runs/loop_maze5 --device cuda > runs/loop_maze5.log 2>&1
echo "loop rc $?"; tail -25 runs/loop_maze5.log
du -sh runs/loop_maze5/*
tar cf - runs/loop_maze5.log runs/loop_maze5/tb runs/loop_maze5/metric runs/loop_maze5/*.png runs/loop_maze5/*.json runs/loop_maze5/loop_log.jsonl | split -b 15M - $OUT/loop_maze5.tar.part-
ls -la $OUT
