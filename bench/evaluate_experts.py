"""Held-out metric by ticks, out to 1000 ticks, of the shipped experts.

    python bench/evaluate_experts.py [WEIGHTS ...] [--out bench/results/evaluate] [--ticks 50 100 250 1000] [--device cpu]

Default WEIGHTS: every `data/experts/*.pth`. Each file is loaded with `stctm.evaluate.load_expert` (the 256 test items
of the task its meta names, seed 0: the items of its recorded held-out figures) and measured with
`stctm.evaluate.evaluate_by_ticks` at the given ticks; the result goes to OUT/<file stem>.json, with the device and the
torch version. `nbs/14_evaluate.ipynb` and `nbs/15_baseline.ipynb` read these files. About 35 s for both experts on
a 2-core CPU (`OMP_NUM_THREADS=2`).
"""
import argparse, platform, sys, time
from pathlib import Path

import torch
from stctm.evaluate import load_expert, evaluate_by_ticks
from stctm.files import write_json


def device_name(device: torch.device) -> str:
    if device.type == 'cuda': return torch.cuda.get_device_name(device)
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'): return f"{line.split(':', 1)[1].strip()} ({torch.get_num_threads()} threads)"
    except OSError: pass
    return platform.processor() or 'cpu'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('weights', nargs='*', help='weight files (default: data/experts/*.pth)')
    ap.add_argument('--out', default='bench/results/evaluate')
    ap.add_argument('--ticks', type=int, nargs='+', default=[50, 100, 250, 1000])
    ap.add_argument('--n', type=int, default=256)
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    a = ap.parse_args(argv)
    paths = [Path(p) for p in a.weights] or sorted(Path('data/experts').glob('*.pth'))
    device = torch.device(a.device)
    Path(a.out).mkdir(parents=True, exist_ok=True)
    for path in paths:
        t0 = time.time()
        model, task, meta = load_expert(path, split='test', n=a.n, device=device)
        res = evaluate_by_ticks(model, task, ticks_list=a.ticks, batch_size=256, device=device)
        res |= {'weights': str(path), 'device': device_name(device), 'torch': torch.__version__,
                'wall_s': round(time.time() - t0, 1),
                'command': ' '.join(['python bench/evaluate_experts.py', *(sys.argv[1:] if argv is None else argv)])}
        out = write_json(Path(a.out) / f'{path.stem}.json', res)
        full = res['metric_names'][0]
        print(out, {t: round(v[full], 4) for t, v in res['at_ticks'].items()}, f"{res['wall_s']} s", flush=True)


if __name__ == '__main__': main()
