"stctm_train without an installed console script (the GPU machine runs the checkout from PYTHONPATH)."
from stctm.baseline import run_cli
from stctm.loop import train_cli
run_cli(train_cli, 'stctm_train')
