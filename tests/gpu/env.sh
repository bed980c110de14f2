# Device-tool set-up: the wheels the GPU machine lacks (copied from ../shared/wheels-gpu into .whl/), the repo on PYTHONPATH.
python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .whl/*.whl >/dev/null 2>&1 || echo "wheel install failed"
export PYTHONPATH=$PWD:/tmp/site PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
