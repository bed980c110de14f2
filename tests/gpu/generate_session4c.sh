# Session 4, device call C: where the host's time goes in generation at B=1024 (DataGenerator's host_s clocks, and a
# torch profiler table), with one writer thread instead of four.
#   bash tests/gpu/generate_session4c.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.001 0.003 --chunks 25 --modes 3 \
    --gen_batches 20 --fused --skip_rollouts --writers 1 2>> $OUT/err.log
mkdir -p $OUT/prof
python tests/bench_generate.py e2e --out $OUT/prof --batches 1024 --precisions bf16 --keeps 0.001 --chunks 25 --modes 3 \
    --gen_batches 5 --fused --skip_rollouts --writers 1 --profile 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
