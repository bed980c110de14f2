"""The plots of the generator's GPU measurements (nbs/05_pipeline.ipynb) from the JSON rows of tests/bench_generate.py.

    python tests/plot_generate_bench.py nbs/bench/session3 nbs/images
"""
import json, sys
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt

def rows(path): return json.loads(Path(path).read_text())

def yield_rules(src, out):
    "Yield by tick, loose against strict rule, for mazes and parity (one run, random-init weights)."
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
    for ax, preset in zip(axes, ('maze_small', 'parity_16')):
        for r in rows(src / 'a-yield.json'):
            if r['preset'] == preset:
                ax.plot(r['yield_by_tick'], label=f"{r['rule']}: {100 * r['yield_']:.1f}%")
        ax.set_title(f'{preset}, random init'); ax.set_xlabel('t  (pair State_t -> State_t+2)'); ax.legend()
    axes[0].set_ylabel('kept / scanned')
    fig.tight_layout(); fig.savefig(out / 'yield_rules.png', dpi=110); plt.close(fig)

def throughput(src, out):
    "Sample-ticks/s as a multiple of the eager CTM.forward measured in the same run, B=1024 (T=250, maze_small)."
    bars = []
    def add(file, label, pick, B=1024):
        rs = [r for r in rows(src / file) if r.get('batch_size') == B]
        eager = next(r['sample_ticks_per_s'] for r in rs if r['variant'] == 'eager_rollout')
        r = next(r for r in rs if pick(r))
        bars.append((label, r['sample_ticks_per_s'] / eager, r['sample_ticks_per_s']))
    v = lambda name, prec, **kw: (lambda r: r['variant'] == name and r.get('precision') == prec and all(r.get(k) == x for k, x in kw.items()))
    for name, tag in (('rollout', 'plain'), ('rollout_compiled', 'compiled'), ('rollout_graph', 'CUDA graph'), ('rollout_compiled_graph', 'compiled + graph')):
        add('b-e2e.json', f'rollout fp32, {tag}', v(name, 'fp32'))
    for name, tag in (('rollout', 'plain'), ('rollout_compiled', 'compiled'), ('rollout_graph', 'CUDA graph'), ('rollout_compiled_graph', 'compiled + graph')):
        add('d-e2e.json', f'rollout bf16, {tag}', v(name, 'bf16'))
    add('e-e2e.json', 'generation to disk, keep 0.003', v('generate_mode3_compiled_graph', 'bf16', keep=0.003))
    add('e-e2e.json', 'generation to disk, keep 0.001', v('generate_mode3_compiled_graph', 'bf16', keep=0.001))
    add('f-e2e.json', 'generation to disk, keep 0.003, B=256', v('generate_mode3_compiled_graph', 'bf16', keep=0.003), B=256)
    add('f-e2e.json', 'generation to disk, keep 0.003, B=64', v('generate_mode3_compiled_graph', 'bf16', keep=0.003), B=64)
    fig, ax = plt.subplots(figsize=(8, 4.8))
    ys = range(len(bars))[::-1]
    ax.barh(list(ys), [b[1] for b in bars], color=['C0'] * 4 + ['C1'] * 4 + ['C2'] * 4)
    for y, (label, ratio, rate) in zip(ys, bars): ax.text(ratio + 0.03, y, f'{ratio:.2f}x  ({rate / 1e3:.0f}k/s)', va='center', fontsize=8)
    ax.set_yticks(list(ys)); ax.set_yticklabels([b[0] for b in bars], fontsize=8)
    ax.axvline(1, color='grey', lw=0.8); ax.axvline(3, color='red', ls='--', lw=0.8, label='target: 3x eager at B=1024')
    ax.set_xlabel('sample-ticks/s as a multiple of the eager CTM.forward of the same run')
    ax.set_title('maze_small, T=250, B=1024 unless noted, one H200', fontsize=9)
    ax.legend(loc='upper right', fontsize=8); ax.set_xlim(0, max(b[1] for b in bars) + 0.8)
    fig.tight_layout(); fig.savefig(out / 'generate_throughput.png', dpi=110); plt.close(fig)
    return bars

if __name__ == '__main__':
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    yield_rules(src, out)
    for label, ratio, rate in throughput(src, out): print(f'{label:45s} {ratio:5.2f}x {rate:10.0f}')
