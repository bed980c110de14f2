"stctm_train without an installed console script: the same fastcore parser over sys.argv."
import sys
from fastcore.script import anno_parser
from stctm.loop import train_cli
args = vars(anno_parser(train_cli.__wrapped__, 'stctm_train').parse_args(sys.argv[1:]))
for k in ('pdb', 'xtra'): args.pop(k, None)
train_cli(**args)
