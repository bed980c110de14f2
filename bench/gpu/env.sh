# Set-up on the GPU machine, sourced by the other scripts here (run from the repository root): install the wheels the
# machine lacks from .whl/ (copy them there from ../shared/wheels-gpu) into /tmp/site, and put the repository on PYTHONPATH.
# (once: scripts started side by side after one `source` share /tmp/site)
[ -d /tmp/site/webdataset ] || python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .whl/*.whl >/dev/null 2>&1 \
    || echo "wheel install failed"
export PYTHONPATH=$PWD:/tmp/site PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
