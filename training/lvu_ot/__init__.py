"""Object Transformer (Wu & Krähenbühl, CVPR 2021) for lvu: feature-bank I/O, span
tokenisation, model, pre-training losses and ONNX export. CPU only, Debian python3-torch."""
