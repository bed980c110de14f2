# A generation run of minutes on the fast path (mode 3, bf16, compiled + CUDA graph + fused kernel; maze_small, B=1024,
# T=250, keep 0.003, one writer thread), sized by a 6-batch calibration run to 2 minutes: no stall, every count
# conserved (scanned = kept + rejected, kept = written + thinned, written = pairs read back from the buffer).
#   $OUT/stability.json
# On the GPU machine, from the repository root, OUT set to an empty folder: bash bench/gpu/generate_stability.sh
source bench/gpu/env.sh
python bench/generate.py stability --out $OUT --fused --precisions bf16 --writers 1 --stability_mode 3 \
    --stability_keep 0.003 --stability_batch 1024 --stability_minutes 2 2>> $OUT/err.log
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
