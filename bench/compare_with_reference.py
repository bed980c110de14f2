"""Compare `stctm.reference.load_reference_ctm` with the reference CTM implementation itself.

Usage (the reference is NOT part of stctm; point this at a checkout of
https://github.com/SakanaAI/continuous-thought-machines):

    python bench/compare_with_reference.py --ref PATH_TO_REFERENCE_CHECKOUT [--write-fixtures data/reference_fixtures]
        [--device cpu|cuda] [--large]

For each configuration below it builds the reference `ContinuousThoughtMachine` with a fixed seed, runs it once to
materialise its lazy layers, perturbs the decay parameters, and compares its eval-mode `(predictions, certainties)`
with those of `load_reference_ctm(state_dict, **kwargs)` on the same input. Prints one JSON line per config and the
largest difference. With `--write-fixtures` it saves state dict, input and reference outputs for the small configs
(used by nbs/00a_reference.ipynb in CI).
"""
import argparse, contextlib, io, json, sys
from pathlib import Path
import torch

BASE = dict(d_model=32, d_input=16, heads=2, n_synch_out=16, n_synch_action=16, synapse_depth=1, memory_length=5,
            deep_nlms=True, memory_hidden_dims=4, do_layernorm_nlm=False, positional_embedding_type='none',
            dropout=0.0, neuron_select_type='random-pairing', n_random_pairing_self=0, iterations=12)

def maze(route_length=6, **kw): return dict(out_dims=route_length * 5, prediction_reshaper=[route_length, 5], **kw)

CONFIGS = {  # name: (reference kwargs, input shape, small enough for a fixture)
    'parity_random_depth1': (BASE | dict(backbone_type='parity_backbone', out_dims=16, prediction_reshaper=[8, 2],
                                         neuron_select_type='random', n_synch_out=6, n_synch_action=6), (3, 8), True),
    'parity_rotational1d_pairing': (BASE | dict(backbone_type='parity_backbone', out_dims=20, prediction_reshaper=[10, 2],
                                               positional_embedding_type='custom-rotational-1d'), (3, 10), True),
    'maze_resnet18-1_pairing_unet': (BASE | maze() | dict(backbone_type='resnet18-1', synapse_depth=3,
                                                          n_random_pairing_self=2), (2, 3, 11, 11), True),
    'none_firstlast_linear_nlm': (BASE | dict(backbone_type='none', out_dims=7, deep_nlms=False,
                                              neuron_select_type='first-last', n_synch_out=8, n_synch_action=8),
                                  (3, 6, 5), True),
    'none_random_unet4': (BASE | dict(backbone_type='none', out_dims=10, prediction_reshaper=[2, 5], synapse_depth=4,
                                      neuron_select_type='random', n_synch_out=5, n_synch_action=7), (2, 4, 3, 3), True),
    'maze_resnet34-2_large': (BASE | maze(20) | dict(backbone_type='resnet34-2', synapse_depth=4, d_model=128,
                                                     d_input=64, heads=4, n_synch_out=64, n_synch_action=64),
                              (2, 3, 19, 19), False),
    'maze_resnet18-4': (BASE | maze(10) | dict(backbone_type='resnet18-4'), (2, 3, 19, 19), False),
    'maze_small_reference': (BASE | maze(100) | dict(d_model=1024, d_input=256, heads=4, n_synch_out=128,
                                                     n_synch_action=128, synapse_depth=8, memory_length=25,
                                                     memory_hidden_dims=32, backbone_type='resnet18-1', iterations=50),
                             (4, 3, 19, 19), False),
}

def build_reference(ref_path, kwargs, x, seed):
    sys.path.insert(0, str(ref_path))
    from models.ctm import ContinuousThoughtMachine
    torch.manual_seed(seed)
    import numpy as np; np.random.seed(seed)
    with contextlib.redirect_stdout(io.StringIO()):
        model = ContinuousThoughtMachine(**kwargs)
        model.eval()
        with torch.no_grad(): model(x)            # materialise lazy layers
    with torch.no_grad():                         # non-trivial decays and batch-norm statistics
        model.decay_params_action.uniform_(0, 2); model.decay_params_out.uniform_(0, 2)
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5); m.running_var.uniform_(0.5, 2); m.weight.uniform_(0.5, 1.5)
    return model

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--ref', required=True, help='checkout of SakanaAI/continuous-thought-machines')
    ap.add_argument('--write-fixtures', default=None)
    ap.add_argument('--device', default='cpu')
    ap.add_argument('--large', action='store_true', help='also run the large configs')
    a = ap.parse_args()
    if not (Path(a.ref) / 'models' / 'ctm.py').exists(): sys.exit(f'--ref {a.ref}: no models/ctm.py there')
    from stctm.reference import load_reference_ctm
    worst = 0.
    for seed, (name, (kwargs, shape, small)) in enumerate(CONFIGS.items()):
        if not small and not a.large: continue
        torch.manual_seed(100 + seed)
        x = torch.randn(shape) if kwargs['backbone_type'] != 'parity_backbone' else torch.randint(0, 2, shape).float() * 2 - 1
        ref = build_reference(a.ref, kwargs, x, seed).to(a.device)
        x = x.to(a.device)
        with torch.no_grad(): rp, rc = ref(x)[:2]
        sd = {k: v.detach().cpu().clone() for k, v in ref.state_dict().items()}
        ours = load_reference_ctm(sd, **kwargs).to(a.device).eval()
        with torch.no_grad(): op, oc = ours(x, ticks=kwargs['iterations'])
        diff = max((op - rp).abs().max().item(), (oc - rc).abs().max().item())
        worst = max(worst, diff)
        print(json.dumps(dict(config=name, ticks=kwargs['iterations'], input=list(shape), max_abs_diff=diff,
                              max_abs_pred=rp.abs().max().item())))
        if a.write_fixtures and small:
            out = Path(a.write_fixtures); out.mkdir(parents=True, exist_ok=True)
            torch.save(dict(kwargs=kwargs, state_dict=sd, x=x.cpu(), predictions=rp.cpu(), certainties=rc.cpu()),
                       out / f'{name}.pt')
    print(json.dumps(dict(worst_max_abs_diff=worst)))

if __name__ == '__main__': main()
