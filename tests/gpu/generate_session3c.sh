# Session 3, device call C: the 3x target after moving host work off the main thread (weight noise drawn ahead,
# task items cached, keys/values cast to bf16 once), then the stability run on the GPU.
#   bash tests/gpu/generate_session3c.sh   (OUT set by the device tool)
source tests/gpu/env.sh
python tests/bench_generate.py e2e --out $OUT --batches 1024 --precisions bf16 --keeps 0.001 0.003 --chunks 25 --modes 3 2> $OUT/e2e.err
python tests/bench_generate.py stability --out $OUT --stability_minutes 3 --stability_keep 0.01 2> $OUT/stability.err
tail -c 1500 $OUT/stability.err | tr '\r' '\n' | grep -v "it/s\|batch/s" | tail -8
