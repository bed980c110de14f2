# Session 4, device call B: the fused neuron-level-model kernel (correctness, speed), then generation at B=1024, T=250
# with it and with mode 3's new scheduling (no synchronisation on the main thread), against the eager rollout.
#   bash tests/gpu/generate_session4b.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/gpu/check_kernels.py $OUT 2>> $OUT/err.log; echo "check_kernels rc $?"
python tests/bench_generate.py graphcheck --out $OUT --precisions fp32 bf16 2>> $OUT/err.log
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.001 0.003 --chunks 25 --modes 3 \
    --gen_batches 20 --fused 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
