# Training of the two shipped experts (data/experts/README.md) on one GPU. The 5x5-maze recipe (9000 steps) runs in two
# parts: `bash bench/gpu/experts.sh maze_start` trains it alone until its 3.8-minute budget stops it (4760 steps), and
# `bash bench/gpu/experts.sh` resumes it from runs/expert_maze5/checkpoint.pt (carry runs/expert_maze5 over from the
# first part) for the rest of its schedule while the parity-16 expert trains beside it on the same GPU, so the two
# step rates are those of a shared GPU. Logs and runs come back in $OUT as experts.tar.part-* (15 MB parts).
# On the GPU machine, from the repository root, OUT set to an empty folder.
source bench/gpu/env.sh
TRAIN="python3 -c 'from stctm.cli import train_ctm_cli; train_ctm_cli()'"
MAZE="--preset maze_5x5 --ticks 50 --batch 128 --lr 5e-4 --warmup 500 --steps 9000 --train_n 50000 \
  --compile --eval-every 1000 --ckpt-every 500 --run runs/expert_maze5"
mkdir -p runs
if [ "$1" = maze_start ]; then
  eval $TRAIN $MAZE --minutes 3.8 --no-progress > runs/maze.log 2>&1; echo "maze rc $?" >> runs/maze.log
  tail -3 runs/maze.log
  tar cf - runs/maze.log runs/expert_maze5 | split -b 15M - $OUT/experts.tar.part-
  exit
fi
test -f runs/expert_maze5/checkpoint.pt || { echo "runs/expert_maze5/checkpoint.pt missing: run 'bash bench/gpu/experts.sh maze_start' first"; exit 1; }
sha256sum runs/expert_maze5/checkpoint.pt
( eval $TRAIN --preset parity_16 --ticks 50 --batch 512 --lr 1e-3 --warmup 300 --train_n 65536 \
  --steps 8000 --compile --eval-every 1000 --ckpt-every 500 --minutes 7.6 --no-progress --run runs/expert_parity16 \
  > runs/parity.log 2>&1; echo "parity rc $?" >> runs/parity.log ) &
eval $TRAIN $MAZE --minutes 6.5 --no-progress --resume > runs/maze.log 2>&1; echo "maze rc $?" >> runs/maze.log
wait
tail -3 runs/maze.log; tail -3 runs/parity.log
tar cf - runs/maze.log runs/parity.log runs/expert_maze5 runs/expert_parity16 | split -b 15M - $OUT/experts.tar.part-
ls -la $OUT
