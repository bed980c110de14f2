# Session 4, device call A: check session 3's mended CUDA-graph paths, profile generation at B=1024 (where the GPU
# idles), and time every part of the bf16 tick and alternative formulations of its slow parts.
#   bash tests/gpu/generate_session4a.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py graphcheck --out $OUT --precisions fp32 bf16 2>> $OUT/err.log
python tests/gpu/tick_parts.py $OUT 2>> $OUT/err.log | grep -v '^ \|^-\|^Name\|^Self'
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.003 --chunks 25 --modes 3 \
    --gen_batches 5 --skip_rollouts --profile 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
