# Session 3, device call E: generation at B=1024, T=250 over 20 batches (steady state), against the eager rollout.
#   bash tests/gpu/generate_session3e.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.001 0.003 --chunks 25 --modes 3 \
    --gen_batches 20 --skip_rollouts 2> $OUT/e2e.err
tr '\r' '\n' < $OUT/e2e.err | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
