"""What the PyTorch export scripts share."""
import torch


def randomize_parameters(model):
    """Gives every parameter distinct values.

    torch.onnx merges byte-identical initializers; freshly initialised norms
    (all ones, all zeros) and deep-copied layers are identical, so without
    this an export loses parameters.
    """
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=generator) * 0.02)
