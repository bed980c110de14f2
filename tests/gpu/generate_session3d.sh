# Session 3, device call D: call C's e2e part again after fixing the start state's attention (float32 keys and values).
#   bash tests/gpu/generate_session3d.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.001 0.003 --chunks 25 --modes 3 2> $OUT/e2e.err
tr '\r' '\n' < $OUT/e2e.err | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use" | tail -15
