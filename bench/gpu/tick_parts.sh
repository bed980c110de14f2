# GPU time of each part of the compiled bf16 maze-small tick at B=1024 (each part replayed alone as a CUDA graph), of
# alternative formulations of the slow parts, and a kernel-level profiler table of the compiled bf16 step.
#   $OUT/tick_parts.json, $OUT/tick_kernels_bf16.txt
# On the GPU machine, from the repository root, OUT set to an empty folder: bash bench/gpu/tick_parts.sh
source bench/gpu/env.sh
python bench/gpu/tick_parts.py $OUT 2>> $OUT/err.log | grep -v '^ \|^-\|^Name\|^Self'
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
