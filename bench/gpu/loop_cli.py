"stctm_train without an installed console script (the GPU machine runs the checkout from PYTHONPATH)."
from stctm.cli import train_cli
train_cli()
