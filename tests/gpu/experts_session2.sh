# Session 2 (device tool, H200): finish the 5x5 maze expert (resume) and train the parity-16 expert, side by side on one GPU.
# Run from the repository root with the wheels of ../shared/wheels-gpu in .whl/ (carried): bash tests/gpu/experts_session2.sh
source tests/gpu/env.sh
# (data/experts/resume/maze5_r40 was removed once this run finished the schedule; the script is kept as the record of what ran.)
TRAIN="python3 -c 'from stctm.baseline import train_ctm_cli; train_ctm_cli()'"
mkdir -p runs/expert_maze5 && cat data/experts/resume/maze5_r40/checkpoint.pt.part-* > runs/expert_maze5/checkpoint.pt
sha256sum runs/expert_maze5/checkpoint.pt
( eval $TRAIN --task parity --length 16 --preset parity_small --ticks 50 --batch 512 --lr 1e-3 --warmup 300 \
  --steps 8000 --compile --eval-every 1000 --ckpt-every 500 --minutes 7.6 --no-progress --run runs/expert_parity16 \
  > runs/parity.log 2>&1; echo "parity rc $?" >> runs/parity.log ) &
eval $TRAIN --task maze --grid-n 5 --route-length 40 --preset maze_small --d-model 512 --d-input 128 \
  --synapse-depth 4 --memory-length 15 --memory-hidden-dims 16 --n-synch 64 --ticks 50 --batch 128 --lr 5e-4 \
  --warmup 500 --steps 9000 --compile --eval-every 1000 --ckpt-every 500 --minutes 6.5 --no-progress --run runs/expert_maze5 \
  --resume > runs/maze.log 2>&1; echo "maze rc $?" >> runs/maze.log
wait
tail -3 runs/maze.log; tail -3 runs/parity.log
tar cf - runs/maze.log runs/parity.log runs/expert_maze5 runs/expert_parity16 | split -b 15M - $OUT/call_a.tar.part-
ls -la $OUT
