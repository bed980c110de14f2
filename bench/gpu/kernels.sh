# The fused neuron-level-model kernel (stctm.kernels.trace_step) against the torch version: equality of the new history,
# closeness of the post-activations (fp32 and bf16) at maze-small size, B=1024 and B=100; GPU time per call at B=1024
# (CUDA-graph replays) against the compiled bf16 torch version, for blocks of 32, 64 and 128 samples. Exits non-zero on
# a mismatch.
#   $OUT/check_kernels.json
# On the GPU machine, from the repository root, OUT set to an empty folder: bash bench/gpu/kernels.sh
source bench/gpu/env.sh
python bench/gpu/check_kernels.py $OUT 2>> $OUT/err.log; echo "check_kernels rc $?"
tr '\r' '\n' < $OUT/err.log | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
