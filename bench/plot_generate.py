"""The plots of the generator's GPU measurements from the JSON rows in bench/results/, shown in the Results sections of
nbs/09_filter.ipynb (yield), nbs/10_rollout.ipynb (the rollout alone) and nbs/13_generate.ipynb (generation).

    python bench/plot_generate.py [RESULTS_DIR] [IMAGES_DIR]      (defaults: bench/results nbs/images)

Writes IMAGES_DIR/yield_rules.png (from generate_yield/h200_loose_strict.json), IMAGES_DIR/rollout_throughput.png
(from generate_throughput/h200_b1024_rollouts_switch_interval.json) and IMAGES_DIR/generate_throughput.png (from
generate_throughput/*.json), and prints the throughput bars.
"""
import json, sys
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt

def rows(path): return json.loads(Path(path).read_text())

def yield_rules(src, out):
    "Yield by tick, loose against strict rule, for mazes and parity (random-init weights)."
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
    for ax, preset in zip(axes, ('maze_small', 'parity_16')):
        for r in rows(src / 'generate_yield' / 'h200_loose_strict.json'):
            if r['preset'] == preset:
                ax.plot(r['yield_by_tick'], label=f"{r['rule']}: {100 * r['yield_']:.1f}%")
        ax.set_title(f'{preset}, random init'); ax.set_xlabel('t  (pair State_t -> State_t+2)'); ax.legend()
    axes[0].set_ylabel('kept / scanned')
    fig.tight_layout(); fig.savefig(out / 'yield_rules.png', dpi=90); plt.close(fig)

def bar(file, label, pick, B=1024):
    "`(label, x eager, sample-ticks/s)` of the first row of `file` at batch `B` that `pick` accepts, against the eager rollout of that file."
    rs = [r for r in rows(file) if r.get('batch_size') == B]
    eager = next(r['sample_ticks_per_s'] for r in rs if r['variant'] == 'eager_rollout')
    r = next(r for r in rs if pick(r))
    return label, r['sample_ticks_per_s'] / eager, r['sample_ticks_per_s']

def variant(name, **kw):
    "A row picker: this variant, with these field values."
    return lambda r: r['variant'] == name and all(r.get(k) == x for k, x in kw.items())

def plot_bars(bars, colors, title, path, figsize, target=True):
    "Horizontal bars of multiples of the eager rollout (with the 3x target marked if `target`)."
    fig, ax = plt.subplots(figsize=figsize)
    ys = range(len(bars))[::-1]
    ax.barh(list(ys), [b[1] for b in bars], color=colors)
    for y, (label, ratio, rate) in zip(ys, bars): ax.text(ratio + 0.04, y, f'{ratio:.2f}x  ({rate / 1e3:.0f}k/s)', va='center', fontsize=8)
    ax.set_yticks(list(ys)); ax.set_yticklabels([b[0] for b in bars], fontsize=8)
    ax.axvline(1, color='grey', lw=0.8)
    if target: ax.axvline(3, color='red', ls='--', lw=0.8, label='target: 3x eager at B=1024'); ax.legend(loc='upper right', fontsize=8)
    ax.set_xlabel('sample-ticks/s as a multiple of the eager CTM.forward in the same run')
    ax.set_title(title, fontsize=9)
    ax.set_xlim(0, max(b[1] for b in bars) + 1.6)
    fig.tight_layout(); fig.savefig(path, dpi=90); plt.close(fig)
    return bars

def rollout(src, out):
    "The rollout alone (`rollout_chunks`, nothing filtered or copied), bf16, as multiples of the eager CTM.forward of the same run."
    f = src / 'generate_throughput' / 'h200_b1024_rollouts_switch_interval.json'
    bars = [bar(f, 'fused kernel, eager (no compile, no graph)', variant('rollout_fused')),
            bar(f, 'compiled + CUDA graph', variant('rollout_compiled_graph')),
            bar(f, 'compiled + CUDA graph + fused kernel', variant('rollout_compiled_graph_fused'))]
    return plot_bars(bars, ['C7', 'C1', 'C3'], 'the noisy rollout alone: maze_small, B=1024, T=250, bf16, one H200',
                     out / 'rollout_throughput.png', (8, 2.2), target=False)

def throughput(src, out):
    "Generation to disk (mode 3, compiled + graph + fused kernel, bf16), and the rollout alone for scale, as multiples of the eager CTM.forward of the same run."
    d, gen = src / 'generate_throughput', 'generate_mode3_compiled_graph_fused'
    bars = [bar(d / 'h200_b1024_rollouts_switch_interval.json', 'rollout alone (no filter, no pairs)', variant('rollout_compiled_graph_fused')),
            bar(d / 'h200_b1024_rollouts_switch_interval.json', 'generation, keep 0.001, 20 batches', variant(gen, keep=0.001, switch_interval=0.005)),
            bar(d / 'h200_b1024.json', 'generation, keep 0.001, 40 batches', variant(gen, keep=0.001)),
            bar(d / 'h200_b1024.json', 'generation, keep 0.003, 40 batches', variant(gen, keep=0.003)),
            bar(d / 'h200_b256_b64.json', 'generation, keep 0.003, B=256', variant(gen, keep=0.003), B=256),
            bar(d / 'h200_b256_b64.json', 'generation, keep 0.003, B=64', variant(gen, keep=0.003), B=64),
            bar(d / 'h100_b1024.json', 'H100: generation, keep 0.001, 40 batches', variant(gen, keep=0.001)),
            bar(d / 'h100_b1024.json', 'H100: generation, keep 0.003, 40 batches', variant(gen, keep=0.003)),
            bar(d / 'h100_b1024_20batches.json', 'H100: generation, keep 0.001, 20 batches', variant(gen, keep=0.001))]
    return plot_bars(bars, ['C7'] + ['C2'] * 3 + ['C0'] * 2 + ['C4'] * 3,
                     'maze_small, T=250, bf16, compiled + CUDA graph + fused kernel\n'
                     'one H200 and B=1024 unless noted; mode 3, one writer thread, pairs on disk',
                     out / 'generate_throughput.png', (8.5, 4.4))

if __name__ == '__main__':
    src = Path(sys.argv[1] if len(sys.argv) > 1 else 'bench/results')
    out = Path(sys.argv[2] if len(sys.argv) > 2 else 'nbs/images'); out.mkdir(parents=True, exist_ok=True)
    yield_rules(src, out)
    for label, ratio, rate in rollout(src, out) + throughput(src, out): print(f'{label:45s} {ratio:5.2f}x {rate:10.0f}')
