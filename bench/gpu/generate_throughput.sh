# Generation speed against the eager rollout: maze_small, T=250, mode 3, bf16, compiled + CUDA graph + fused kernel, one
# writer thread, pairs on disk with fsync; sample-ticks/s beside the eager CTM.forward of the same model in the same run.
#   $OUT/b1024/e2e.json            B=1024, keep 0.001 and 0.003, 40 batches after a warm-up (the steady state)
#   $OUT/b1024_rollouts/e2e.json   B=1024, 20 batches: the rollout alone (compiled + graph, with and without the fused
#                                  kernel), and generation with the GIL switch interval at 5 ms and at 0.1 ms
#   $OUT/b256_b64/e2e.json         B=256 and B=64, keep 0.003, 20 batches (switch interval 0.1 ms)
# On the GPU machine, from the repository root, OUT set to an empty folder: bash bench/gpu/generate_throughput.sh
source bench/gpu/env.sh
GEN="python bench/generate.py e2e --precisions bf16 --chunks 25 --modes 3 --fused --writers 1"
$GEN --out $OUT/b1024 --batches 1024 --keeps 0.001 0.003 --gen_batches 40 --skip_rollouts 2>> $OUT/err.log
$GEN --out $OUT/b1024_rollouts --batches 1024 --keeps 0.001 0.003 --gen_batches 20 --switch_intervals 0.005 0.0001 2>> $OUT/err.log
$GEN --out $OUT/b256_b64 --batches 256 64 --keeps 0.003 --gen_batches 20 --skip_rollouts --switch_intervals 0.0001 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
