"""
==============================================
From a folder of images to a balanced folder
==============================================

Images often come as files, one folder per class, the layout that
torchvision's ``ImageFolder`` and Keras' ``image_dataset_from_directory``
read. This example writes scikit-learn's 8x8 digits, made long-tailed, as
PNG files in such a folder; reads them with
:func:`~imblearn_deepsmote.datasets.load_image_folder`; balances them with
:class:`~imblearn_deepsmote.DeepSMOTE`; writes the balanced set with
:func:`~imblearn_deepsmote.datasets.save_image_folder`, whose file names tell
generated images from the original ones; and shows generated digits read
back from their files. Reading and writing image files needs Pillow
(``pip install imblearn-deepsmote[images]``).
"""

# %%
# The networks and data here are tiny: one thread runs them faster than
# several, and much faster on a busy machine.
import torch
from threadpoolctl import threadpool_limits

threadpool_limits(1)
torch.set_num_threads(1)

# %%
# A folder of images, one subfolder per class
# -------------------------------------------
# The pixels of ``load_digits`` run from 0 to 16; image files hold 8-bit
# values, so we scale them to 0-255.
# :func:`~imblearn_deepsmote.datasets.make_long_tailed` keeps 20 times fewer
# images of the digit 9 than of the digit 0. Your own images would already
# be in such a folder; here ``save_image_folder`` writes one, with a folder
# named after each digit.
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

from imblearn_deepsmote.datasets import (
    load_image_folder,
    make_long_tailed,
    save_image_folder,
)

X, y = load_digits(return_X_y=True)
X, y = make_long_tailed(X, y, imbalance_ratio=20, random_state=0)
images = np.rint(X.reshape(-1, 8, 8) * 255 / 16).astype(np.uint8)
names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

workspace = Path(tempfile.mkdtemp())
save_image_folder(images, y, workspace / "digits", target_names=names)
for folder in sorted((workspace / "digits").iterdir()):
    files = sorted(path.name for path in folder.iterdir())
    print(f"digits/{folder.name + '/':7} {len(files):3} files: {files[0]}, ...")

# %%
# Reading the folder
# ------------------
# Classes are numbered in the order of the folder names, so ``eight`` is
# class 0 here; ``target_names`` gives the name of each code, and
# ``classes=`` would choose another order. The PNG files are greyscale, so
# the images come with one channel, in the ``(n_samples, channels, height,
# width)`` layout that DeepSMOTE takes.
digits = load_image_folder(workspace / "digits")
print(digits.data.shape, digits.data.dtype)
print(Counter(digits.target_names[digits.target].tolist()))

# %%
# Balancing with DeepSMOTE
# ------------------------
# DeepSMOTE trains a convolutional autoencoder on the images, makes new
# latent codes of each class (by default half interpolated as SMOTE does,
# half borrowing the variation of frequent classes) and decodes them. Every
# class grows to the size of the largest one; the generated images come
# after the original ones, as 8-bit images like the input.
from imblearn_deepsmote import DeepSMOTE

X_res, y_res = DeepSMOTE(max_epochs=60, random_state=0).fit_resample(
    digits.data, digits.target
)
n_original = len(digits.data)
print(X_res.shape, X_res.dtype, "of which generated:", len(X_res) - n_original)

# %%
# Writing the balanced set
# ------------------------
# ``generated=n_original`` marks the rows from ``n_original`` on as
# generated: their files are named ``generated_<row>.png``, the others
# ``original_<row>.png``. ``save_image_folder`` never replaces a file, and
# refuses a folder that is not empty unless ``overwrite=True``.
files = save_image_folder(
    X_res,
    y_res,
    workspace / "balanced",
    target_names=digits.target_names,
    generated=n_original,
)
print(files[0].replace(str(workspace), "..."))
print(files[-1].replace(str(workspace), "..."))

# %%
# Generated digits, read back from their files
# --------------------------------------------
# Reading the balanced folder gives every class the same count. With
# ``classes=digits.target_names`` the codes are those of the first reading.
# The file names tell which images are generated: the grid shows real
# images on the left and generated ones on the right, per class (the
# largest class, ``zero``, gets none).
import matplotlib.pyplot as plt

from imblearn_deepsmote import plot_class_samples

balanced = load_image_folder(workspace / "balanced", classes=digits.target_names)
print(Counter(balanced.target_names[balanced.target].tolist()))
is_generated = np.array(
    [Path(name).name.startswith("generated_") for name in balanced.filenames]
)
plot_class_samples(
    balanced.data[~is_generated],
    balanced.target[~is_generated],
    balanced.data[is_generated],
    balanced.target[is_generated],
    class_names=balanced.target_names,
    figure=plt.figure(figsize=(9, 8.5), layout="constrained"),
)
plt.show()

# %%
# The temporary folder is removed at the end.
import shutil

shutil.rmtree(workspace)
