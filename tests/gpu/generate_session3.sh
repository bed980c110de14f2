# Session 3, first device call: issue #4's 3x target (B=1024, T=250, maze_small) and the strict rule's yield.
#   bash tests/gpu/generate_session3.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions fp32 bf16 --keeps 0.003 0.01 --modes 3 2> $OUT/e2e.err
python tests/bench_generate.py yield --out $OUT --rules loose strict --yield_keep 0.02 2> $OUT/yield.err
tail -c 3000 $OUT/e2e.err | tr '\r' '\n' | grep -v "it/s\|batch/s" | tail -20
