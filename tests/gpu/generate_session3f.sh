# Session 3, device call F: generation at B=256 and B=64 over 20 batches, against the eager rollout.
#   bash tests/gpu/generate_session3f.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 256 64 --precisions bf16 --keeps 0.003 --chunks 25 --modes 3 \
    --gen_batches 20 --skip_rollouts 2> $OUT/e2e.err
