"""The built-in autoencoders: shapes, and the paper's architecture."""

import pytest
import torch
from torch import nn

from imblearn_deepsmote import ConvAutoencoder, MLPAutoencoder, PaperAutoencoder


@pytest.mark.parametrize(
    "input_shape",
    [(1, 8, 8), (1, 28, 28), (3, 32, 32), (3, 8, 12), (1, 9, 13), (2, 64, 20)],
)
def test_conv_autoencoder_output_has_exactly_the_input_shape(input_shape):
    net = ConvAutoencoder(input_shape=input_shape, latent_dim=7)
    x = torch.rand(3, *input_shape) * 2 - 1
    assert net.encode(x).shape == (3, 7)
    output = net(x)
    assert output.shape == x.shape
    assert output.min() >= -1 and output.max() <= 1  # Tanh range of scaled data


def test_conv_autoencoder_trains_on_a_single_sample():
    # The smallest feature map has at least 2x2 values, so batch norm works.
    net = ConvAutoencoder(input_shape=(1, 10, 10), latent_dim=4).train()
    net(torch.zeros(1, 1, 10, 10)).sum().backward()


def test_conv_autoencoder_refuses_images_smaller_than_8_pixels():
    with pytest.raises(ValueError, match="at least 8x8 pixels, got 6x8"):
        ConvAutoencoder(input_shape=(1, 6, 8), latent_dim=4)


def test_mlp_autoencoder_shapes():
    net = MLPAutoencoder(input_shape=(5,), latent_dim=2, hidden_units=16)
    assert net.encode(torch.zeros(4, 5)).shape == (4, 2)
    assert net(torch.zeros(4, 5)).shape == (4, 5)


def test_paper_autoencoder_follows_the_reported_architecture():
    net = PaperAutoencoder(input_shape=(1, 28, 28), latent_dim=300)
    convs = [m for m in net.encoder if isinstance(m, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels) for c in convs] == [
        (1, 64),
        (64, 128),
        (128, 256),
        (256, 512),
    ]
    assert all(c.kernel_size == (4, 4) and c.stride == (2, 2) for c in convs)
    assert all(c.bias is None for c in convs)
    assert sum(isinstance(m, nn.BatchNorm2d) for m in net.encoder) == 3
    assert net.encoder[-1].in_features == 512 and net.encoder[-1].out_features == 300

    sides = []
    x = torch.zeros(2, 300)
    for layer in net.decoder:
        x = layer(x)
        if isinstance(layer, (nn.Unflatten, nn.ConvTranspose2d)):
            sides.append(x.shape[-1])
    assert sides == [7, 10, 13, 28]
    assert isinstance(net.decoder[-1], nn.Tanh)


def test_paper_autoencoder_is_only_for_28x28():
    with pytest.raises(ValueError, match="28x28.*ConvAutoencoder"):
        PaperAutoencoder(input_shape=(1, 32, 32), latent_dim=300)
