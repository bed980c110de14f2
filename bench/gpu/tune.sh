# Milestone 9's tuning and its check on one GPU (about 16 minutes), rows under ${RES:-$OUT}; the runs' buffers are deleted
# once their part is done (each run writes about 0.3 GB of pairs a loop; a 64 GB disk fills otherwise):
#  1. successive halving (bench/tune.py) over 16 trials of bench/experiments/tune_parity_gpu.json, 8 runs side by side:
#     rung 0 every trial, 1 minute of loop work, seed 0; rung 1 the best 6, 2 minutes, seeds 0 and 1; rung 2 the best 2,
#     4 minutes, seeds 0 and 1;
#  2. on seeds 2 and 3 (validation and held-out items the tuning never saw), 6 minutes each, side by side: the
#     parity16_expert preset as it is (4 batches of 256 a loop, challengers of 400 steps), the same cut to the tuning's
#     scale (the grid's `set`), and rung 2's two trials (bench/tune.py confirm_arms).
source bench/gpu/env.sh
RES=${RES:-$OUT}; mkdir -p $RES
python bench/tune.py --grid bench/experiments/tune_parity_gpu.json --out runs/tune --rungs 1 2 4 --keep 16 6 2 \
    --rung-seeds 1 2 2 --jobs 8 --threads 2 --device cuda > $RES/tune.log 2>&1
cp runs/tune/trials.jsonl runs/tune/tune.png $RES/
rm -rf runs/tune/runs/*/buffer runs/tune/runs/*/staging      # about 0.3 GB of pairs a loop per run: 30 GB+ by now
python bench/tune.py confirm-arms --grid bench/experiments/tune_parity_gpu.json --trials runs/tune/trials.jsonl \
    --set '{"loops": 60, "metric_ticks": [50, 250, 1000], "metric_candidates": false}' --to runs/confirm_arms.json >> $RES/tune.log 2>&1
cp runs/confirm_arms.json $RES/
python bench/experiment.py --arms runs/confirm_arms.json --out runs/confirm --minutes 6 --seeds 2 3 --jobs 8 --threads 2 \
    --device cuda > $RES/confirm.log 2>&1
cp runs/confirm/experiment.jsonl $RES/confirm.jsonl; cp runs/confirm/experiment.png $RES/confirm.png; cp runs/confirm/summary.json $RES/confirm_summary.json
rm -rf runs/confirm/runs/*/buffer runs/confirm/runs/*/staging
echo done >> $RES/confirm.log
