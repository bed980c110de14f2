# Are the fast rollouts exact? The plain rollout against its compiled, CUDA-graph and fused-kernel versions (largest
# differences in loss, certainty and state; B=64, T=30, fp32 and bf16), then a short generation run at B=1024 as a check
# that the fast path still runs at speed (keep 0.001, 20 batches; the full measurement is generate_throughput.sh).
#   $OUT/graphcheck.json, $OUT/b1024/e2e.json
# On the GPU machine, from the repository root, OUT set to an empty folder: bash bench/gpu/generate_graphcheck.sh
source bench/gpu/env.sh
python bench/generate.py graphcheck --out $OUT --precisions fp32 bf16 2>> $OUT/err.log
python bench/generate.py e2e --out $OUT/b1024 --batches 1024 --precisions bf16 --keeps 0.001 --chunks 25 --modes 3 \
    --gen_batches 20 --fused --writers 1 --skip_rollouts 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
