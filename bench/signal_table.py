"""Signal table of generator settings on the shipped experts (stctm.search.signal_report): does a setting's kept target
carry a direction, or only noise around the unit's own step?

    python bench/signal_table.py --out DIR [--n 512] [--ticks 250] [--device cuda]

Writes DIR/signal.jsonl, one row per (expert, setting, tick window).
"""
import argparse, json, time
from pathlib import Path
import torch
from stctm.core import default_device
from stctm.files import json_safe
from stctm.evaluate import load_expert
from stctm.search import SearchConfig, signal_report

EXPERTS = {'parity16': 'data/experts/parity16.pth', 'maze5': 'data/experts/maze5_r40.pth'}
SETTINGS = {
    'loose, act 0.05': dict(rule='loose', act_noise=0.05),
    'loose, act 0.5': dict(rule='loose', act_noise=0.5),
    'loose, act 1.0': dict(rule='loose', act_noise=1.0),
    'all, act 0.5': dict(rule='all', act_noise=0.5),
    'vs_clean, sigma 0.5': dict(search=dict(method='vs_clean', sigma=0.5)),
    'best_of_16, sigma 0.5': dict(search=dict(method='best_of_k', k=16, sigma=0.5)),
    'best_of_16, sigma 0.5, lookahead 20': dict(search=dict(method='best_of_k', k=16, sigma=0.5, lookahead=20)),
    'gradient, sigma 0.3, lookahead 20': dict(search=dict(method='gradient', sigma=0.3, lookahead=20)),
}

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True); p.add_argument('--n', type=int, default=512); p.add_argument('--ticks', type=int, default=250)
    p.add_argument('--stride', type=int, default=5, help='search settings: search from every stride-th tick')
    p.add_argument('--device', default=None); p.add_argument('--experts', nargs='*', default=list(EXPERTS))
    a = p.parse_args()
    device = a.device or default_device()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    for name in a.experts:
        model, task, _ = load_expert(EXPERTS[name], split='train', n=a.n, device=device)
        for setting, kw in SETTINGS.items():
            t0 = time.perf_counter()
            kw = dict(kw)
            if 'search' in kw: kw['search'] = SearchConfig(ticks=a.ticks, stride=a.stride, **kw['search'])
            rows = signal_report(model, task, n=a.n, ticks=a.ticks, batch_size=a.n, device=device, **kw)
            with open(out / 'signal.jsonl', 'a') as f:
                for window, r in rows.items():
                    f.write(json.dumps(json_safe(dict(expert=name, setting=setting, window=window, n=a.n, ticks=a.ticks, **r))) + '\n')
            print(f"{name} | {setting} | " + ' | '.join(f"{w}: yield {r['yield_']:.3f}, beats {r['beats_clean']:.2f}, x noise {r['signal']:.1f}"
                                                    for w, r in rows.items()) + f' ({time.perf_counter() - t0:.0f}s)', flush=True)

if __name__ == '__main__': main()
