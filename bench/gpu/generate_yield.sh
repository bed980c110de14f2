# The yield of random-init weights under the loose and the strict rule, by tick: maze_small (B=256) and parity_16
# (B=1024), 2 batches each, T=250, mode 2, fp32; 2% of the passing pairs written.
#   $OUT/yield.json (with yield_by_tick per row), $OUT/yield_<preset>_<rule>.png
# On the GPU machine, from the repository root, OUT set to an empty folder: bash bench/gpu/generate_yield.sh
source bench/gpu/env.sh
python bench/generate.py yield --out $OUT --rules loose strict --yield_keep 0.02 2> $OUT/yield.err
tr '\r' '\n' < $OUT/yield.err | grep -v "it/s\|batch/s\|^$\|warn\|softmax\|split the\|important use\|UserWarning" | tail -15
