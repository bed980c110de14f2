# The rows that complete the lever table of nbs/19_learning.ipynb, on one GPU, in three phases (about 25 minutes in all;
# the rows in results/ were made phase by phase, the first one in two parts, with the time limits below):
#  1. four jobs side by side: the maze levers and both end-to-end controls of 2 minutes (gpu/maze5_levers.sh), the parity
#     gradient levers (gpu/levers_gradient.sh), the parity loop with anchor pairs without and with the expert in the pool
#     (gpu/loops.sh parity_anchors parity_anchors_pool), and the maze loop with gradient-searched pairs and anchor pairs
#     (gpu/loops.sh maze5_anchors);
#  2. three side by side: the maze end-to-end control for 6 minutes, one process per seed, and the parity gradient arms
#     phase 1 did not reach (levers_gradient.sh goes on from its rows);
#  3. alone: the parity loop with anchor pairs resumed and taken on to 9 loops.
# Rows: $OUT/m/levers.jsonl plus $OUT/e{0,1}/levers.jsonl (maze), $OUT/p/parity16_one_round_gradient.jsonl, $OUT/l/*.jsonl and
# $OUT/z/*.jsonl (loops; each with its best_model), and each job's log.
source bench/gpu/env.sh
mkdir -p $OUT
(OUT=$OUT/m LEVERS_S=560 E2E_S=300 bash bench/gpu/maze5_levers.sh > $OUT/m.log 2>&1) &
(OUT=$OUT/p LEVERS_S=820 bash bench/gpu/levers_gradient.sh > $OUT/p.log 2>&1) &
(OUT=$OUT/l LOOP_S=410 bash bench/gpu/loops.sh parity_anchors parity_anchors_pool > $OUT/l.log 2>&1) &
(OUT=$OUT/z LOOP_S=820 bash bench/gpu/loops.sh maze5_anchors > $OUT/z.log 2>&1) &
wait
e2e() { timeout 560 python bench/levers.py --expert data/experts/maze5_r40.pth --arms bench/levers/maze5_arms_more.json --device cuda \
    --only "end to end, 250 ticks, 6 minutes" --out $OUT/e$1 --seeds $1 > $OUT/e$1.log 2>&1; }
e2e 0 & e2e 1 &
(OUT=$OUT/p LEVERS_S=560 bash bench/gpu/levers_gradient.sh > $OUT/p2.log 2>&1) &
wait
timeout 600 python bench/gpu/loop_cli.py --run runs/parity_anchors --resume --loops 9 --device cuda > $OUT/l2.log 2>&1
cp runs/parity_anchors/loop_log.jsonl $OUT/l/parity_anchors.jsonl; cp runs/parity_anchors/weights/best_model.pth $OUT/l/parity_anchors.best.pth
rm -rf $OUT/*/runs
