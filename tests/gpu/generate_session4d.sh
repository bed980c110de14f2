# Session 4, device calls D and E: the 3x target. Generation at B=1024, T=250 (mode 3, bf16, compiled + CUDA graph + fused
# kernel, pairs on disk, one writer) against the eager rollout of the same model in the same call; then B=256 and 64.
#   bash tests/gpu/generate_session4d.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.001 0.003 --chunks 25 --modes 3 \
    --gen_batches 20 --fused --writers 1 2>> $OUT/err.log
mkdir -p $OUT/small
python tests/bench_generate.py e2e --out $OUT/small --batches 256 64 --precisions bf16 --keeps 0.003 --chunks 25 --modes 3 \
    --gen_batches 20 --fused --writers 1 --skip_rollouts 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
