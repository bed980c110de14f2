"""The plots of the generator's GPU measurements (nbs/05_pipeline.ipynb) from the JSON rows of tests/bench_generate.py.

    python tests/plot_generate_bench.py nbs/bench/session3 nbs/images   (yield_rules.png, generate_throughput.png)
    python tests/plot_generate_bench.py nbs/bench/session4 nbs/images   (generate_throughput_session4.png)
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

def bar(src, file, label, pick, B=1024):
    "`(label, x eager, sample-ticks/s)` of the first row of `file` at batch `B` that `pick` accepts, against the eager rollout of that file."
    rs = [r for r in rows(src / file) if r.get('batch_size') == B]
    eager = next(r['sample_ticks_per_s'] for r in rs if r['variant'] == 'eager_rollout')
    r = next(r for r in rs if pick(r))
    return label, r['sample_ticks_per_s'] / eager, r['sample_ticks_per_s']

def variant(name, **kw):
    "A row picker: this variant, with these field values."
    return lambda r: r['variant'] == name and all(r.get(k) == x for k, x in kw.items())

def plot_bars(bars, colors, title, path, figsize):
    "Horizontal bars of multiples of the eager rollout, with the 3x target marked."
    fig, ax = plt.subplots(figsize=figsize)
    ys = range(len(bars))[::-1]
    ax.barh(list(ys), [b[1] for b in bars], color=colors)
    for y, (label, ratio, rate) in zip(ys, bars): ax.text(ratio + 0.04, y, f'{ratio:.2f}x  ({rate / 1e3:.0f}k/s)', va='center', fontsize=8)
    ax.set_yticks(list(ys)); ax.set_yticklabels([b[0] for b in bars], fontsize=8)
    ax.axvline(1, color='grey', lw=0.8); ax.axvline(3, color='red', ls='--', lw=0.8, label='target: 3x eager at B=1024')
    ax.set_xlabel('sample-ticks/s as a multiple of the eager CTM.forward of the same call')
    ax.set_title(title, fontsize=9)
    ax.legend(loc='upper right', fontsize=8); ax.set_xlim(0, max(b[1] for b in bars) + 1.2)
    fig.tight_layout(); fig.savefig(path, dpi=110); plt.close(fig)
    return bars

def throughput(src, out):
    "Session 3: sample-ticks/s as a multiple of the eager CTM.forward measured in the same run, B=1024 (T=250, maze_small)."
    tags = (('rollout', 'plain'), ('rollout_compiled', 'compiled'), ('rollout_graph', 'CUDA graph'), ('rollout_compiled_graph', 'compiled + graph'))
    gen = 'generate_mode3_compiled_graph'
    bars = ([bar(src, 'b-e2e.json', f'rollout fp32, {tag}', variant(name, precision='fp32')) for name, tag in tags] +
            [bar(src, 'd-e2e.json', f'rollout bf16, {tag}', variant(name, precision='bf16')) for name, tag in tags] +
            [bar(src, 'e-e2e.json', 'generation to disk, keep 0.003', variant(gen, precision='bf16', keep=0.003)),
             bar(src, 'e-e2e.json', 'generation to disk, keep 0.001', variant(gen, precision='bf16', keep=0.001)),
             bar(src, 'f-e2e.json', 'generation to disk, keep 0.003, B=256', variant(gen, precision='bf16', keep=0.003), B=256),
             bar(src, 'f-e2e.json', 'generation to disk, keep 0.003, B=64', variant(gen, precision='bf16', keep=0.003), B=64)])
    return plot_bars(bars, ['C0'] * 4 + ['C1'] * 4 + ['C2'] * 4, 'maze_small, T=250, B=1024 unless noted, one H200',
                     out / 'generate_throughput.png', (8, 4.8))

def throughput_session4(src, out):
    "Session 4, device calls F and H: the fused kernel and the new mode 3, as multiples of the eager CTM.forward of the same call."
    gen = 'generate_mode3_compiled_graph_fused'
    bars = [bar(src, 'f-e2e.json', 'rollout bf16, compiled + graph (call F)', variant('rollout_compiled_graph')),
            bar(src, 'f-e2e.json', 'rollout bf16, compiled + graph + fused (call F)', variant('rollout_compiled_graph_fused')),
            bar(src, 'f-e2e.json', 'generation to disk, keep 0.001 (call F)', variant(gen, keep=0.001, switch_interval=0.005)),
            bar(src, 'f-e2e.json', 'generation to disk, keep 0.003 (call F)', variant(gen, keep=0.003, switch_interval=0.005)),
            bar(src, 'g-e2e.json', 'generation to disk, keep 0.001, 40 batches (call H)', variant(gen, keep=0.001)),
            bar(src, 'g-e2e.json', 'generation to disk, keep 0.003, 40 batches (call H)', variant(gen, keep=0.003)),
            bar(src, 'f-e2e-small.json', 'generation to disk, keep 0.003, B=256 (call F)', variant(gen, keep=0.003), B=256),
            bar(src, 'f-e2e-small.json', 'generation to disk, keep 0.003, B=64 (call F)', variant(gen, keep=0.003), B=64)]
    return plot_bars(bars, ['C1'] * 2 + ['C2'] * 4 + ['C0'] * 2, 'session 4: maze_small, T=250, bf16, mode 3, B=1024 unless noted, one H200',
                     out / 'generate_throughput_session4.png', (8.5, 4.2))

if __name__ == '__main__':
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    if (src / 'f-e2e.json').exists() and (src / 'b-check_kernels.json').exists(): bars = throughput_session4(src, out)
    else: yield_rules(src, out); bars = throughput(src, out)
    for label, ratio, rate in bars: print(f'{label:45s} {ratio:5.2f}x {rate:10.0f}')
