"""The autoencoder contract: a module that breaks it is refused before training."""

import pytest
import torch
from torch import nn

from imblearn_deepsmote import Autoencoder, ConvAutoencoder, DeepSMOTE, DeepSMOTENet


class ViewFlattening(nn.Module):
    """Convolutional autoencoder that flattens its feature maps with ``view``."""

    def __init__(self, input_shape, latent_dim):
        super().__init__()
        n_channels, height, width = input_shape
        self.input_shape = input_shape
        self.conv = nn.Conv2d(n_channels, 4, 3, padding=1)
        self.to_code = nn.Linear(4 * height * width, latent_dim)
        self.from_code = nn.Linear(latent_dim, n_channels * height * width)

    def encode(self, x):
        features = self.conv(x)
        return self.to_code(features.view(features.size(0), -1))

    def decode(self, z):
        return self.from_code(z).view(len(z), *self.input_shape)


class ViewFlatteningAutoencoder(ViewFlattening, Autoencoder):
    """The same module, built on the library's base class."""


def test_a_module_flattening_with_view_trains_on_multichannel_images(
    make_images, image_labels, fast_params
):
    sampler = DeepSMOTE(module=ViewFlattening, latent_dim=4, **fast_params)
    X_res, _ = sampler.fit_resample(make_images((3, 8, 8)), image_labels)
    assert X_res.shape == (48, 3, 8, 8)


def test_an_autoencoder_subclass_flattening_with_view_is_told_to_reshape(
    make_images, image_labels, fast_params
):
    sampler = DeepSMOTE(module=ViewFlatteningAutoencoder, latent_dim=4, **fast_params)
    with pytest.raises(
        ValueError,
        match=r"ViewFlatteningAutoencoder: encode failed on a channels-last batch"
        r"(.|\n)*x\.flatten\(1\)(.|\n)*not x\.view(.|\n)*encode.*decode",
    ):
        sampler.fit_resample(make_images((3, 8, 8)), image_labels)


class InPlaceSigmoid(nn.Module):
    """Modifies in place an output that the backward pass of sigmoid needs."""

    def __init__(self, input_shape, latent_dim):
        super().__init__()
        self.encoder = nn.Linear(input_shape[0], latent_dim)
        self.decoder = nn.Linear(latent_dim, input_shape[0])

    def encode(self, x):
        return torch.sigmoid(self.encoder(x)).mul_(2)

    def decode(self, z):
        return self.decoder(z)


def test_a_module_whose_training_step_fails_is_refused_before_training(
    tabular_data,
):
    X, y = tabular_data
    sampler = DeepSMOTE(module=InPlaceSigmoid, latent_dim=2, max_epochs=1000)
    with pytest.raises(
        ValueError,
        match=r"InPlaceSigmoid: the backward pass of a training step failed"
        r"(.|\n)*inplace(.|\n)*encode.*decode",
    ):
        sampler.fit_resample(X, y)


class NoInputShape(nn.Module):
    def __init__(self, latent_dim):
        super().__init__()
        self.encoder = nn.LazyLinear(latent_dim)

    def encode(self, x):
        return self.encoder(x)

    def decode(self, z):
        return z


@pytest.mark.parametrize("module", [NoInputShape, NoInputShape(2)])
def test_a_module_not_built_from_input_shape_and_latent_dim_gets_the_contract(
    tabular_data, fast_params, module
):
    X, y = tabular_data
    with pytest.raises(
        ValueError,
        match=r"module NoInputShape cannot be built as "
        r"NoInputShape\(input_shape=\(4,\), latent_dim=2\): .*'input_shape'"
        r"(.|\n)*module\(input_shape=\.\.\., latent_dim=\.\.\.\)",
    ):
        DeepSMOTE(module=module, latent_dim=2, **fast_params).fit_resample(X, y)


def test_the_check_leaves_statistics_weights_gradients_and_mode_as_built():
    params = {"module__input_shape": (3, 16, 16), "module__latent_dim": 4}
    torch.manual_seed(0)
    built = ConvAutoencoder(input_shape=(3, 16, 16), latent_dim=4).state_dict()
    torch.manual_seed(0)
    net = DeepSMOTENet(ConvAutoencoder, **params).initialize()

    checked = net.module_.state_dict()
    assert checked.keys() == built.keys()
    for name, value in built.items():
        assert torch.equal(checked[name], value), name
    assert all(parameter.grad is None for parameter in net.module_.parameters())
    assert net.module_.training
