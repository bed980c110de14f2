# Session 2 (device tool, H200): Milestone 4, the loop from the shipped maze expert (+2 random inits in the pool).
# Run from the repository root with the wheels in .whl/ (carried): bash tests/gpu/m4_session2.sh
source tests/gpu/env.sh
mkdir -p runs/m4
timeout 470 python3 tests/gpu/loop_cli.py --config maze5_expert --loops 6 --run runs/m4 --device cuda > runs/m4.log 2>&1
echo "loop rc $?"; tail -25 runs/m4.log
du -sh runs/m4/*
tar cf - runs/m4.log runs/m4/tb runs/m4/metric runs/m4/*.png runs/m4/*.json runs/m4/loop_log.jsonl | split -b 15M - $OUT/call_b.tar.part-
ls -la $OUT
