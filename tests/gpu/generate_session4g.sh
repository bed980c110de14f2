# Session 4, device call G: the 3x target again in a fresh call, over 40 batches, with the generator's defaults; then
# a run of minutes of the fast path (mode 3, bf16, compiled, graphed, fused; B=1024, keep 0.003): no stall, counts conserved.
#   bash tests/gpu/generate_session4g.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.001 0.003 --chunks 25 --modes 3 \
    --gen_batches 40 --fused --writers 1 --skip_rollouts 2>> $OUT/err.log
python tests/bench_generate.py stability --out $OUT --fused --precisions bf16 --writers 1 --stability_mode 3 \
    --stability_keep 0.003 --stability_batch 1024 --stability_minutes 2 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
