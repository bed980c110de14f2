# Session 3, device call B: the tick as a CUDA graph (correctness, then the 3x target at B=1024, T=250, maze_small).
#   bash tests/gpu/generate_session3b.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py graphcheck --out $OUT --precisions fp32 bf16 2> $OUT/graphcheck.err
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions fp32 bf16 --keeps 0.003 --chunks 25 100 --modes 3 2> $OUT/e2e.err
tail -c 2000 $OUT/e2e.err | tr '\r' '\n' | grep -v "it/s\|batch/s" | tail -12
