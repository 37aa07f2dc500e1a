"""Training and generation on a CUDA GPU; runs only where torch sees one."""

import io
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch

from imblearn_deepsmote import DeepSMOTE

pytestmark = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA GPU"
)


def test_cuda_fitted_sampler_generates_and_loads_on_cpu(
    make_images, image_labels, tmp_path
):
    X, y = make_images((1, 8, 8), dtype=np.uint8), image_labels
    sampler = DeepSMOTE(device="cuda", max_epochs=2, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtype == X.dtype and len(X_res) == len(y_res)
    assert next(sampler.autoencoder_.module_.parameters()).is_cuda

    path = tmp_path / "sampler.pkl"
    path.write_bytes(pickle.dumps(sampler))
    codes = np.zeros((3, sampler.latent_dim_), dtype=np.float32)
    script = (
        "import pickle, sys, numpy as np, torch;"
        "assert not torch.cuda.is_available();"
        f"s = pickle.load(open({str(path)!r}, 'rb'));"
        "X_new, y_new = s.generate({1: 4}, random_state=0);"
        "assert X_new.shape == (4, 64) and list(y_new) == [1] * 4;"
        f"np.save(sys.stdout.buffer, s.decode(np.zeros((3, {sampler.latent_dim_}), "
        "dtype=np.float32)))"
    )
    cpu_only = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "CUDA_VISIBLE_DEVICES": ""},
        capture_output=True,
        check=True,
    )
    decoded_on_cpu = np.load(io.BytesIO(cpu_only.stdout))
    # CUDA and CPU kernels sum in different orders: float32 rounding differs.
    np.testing.assert_allclose(decoded_on_cpu, sampler.decode(codes), rtol=1e-4)
