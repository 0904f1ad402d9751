"""Model configuration: sizes and the encoder layout the tokens are built from."""
from dataclasses import asdict, dataclass, field

# COCO classes of the default object detector (CenterNet); person is class 0.
NUM_OBJECT_CLASSES = 80
PERSON_CLASS = 0

# Default encoders of an lvu feature bank (name, dim); see models/defaults.ts.
DEFAULT_ENCODERS = (("mobilenet-v2", 1280), ("movenet-pose", 51), ("faceres", 1024))


@dataclass
class ModelConfig:
    """Object Transformer sizes. Defaults keep the exported model under 1 MB (≈ 200 k params)."""

    encoders: tuple = DEFAULT_ENCODERS
    hidden: int = 48
    heads: int = 4
    layers: int = 3  # as in the paper
    ffn: int = 96
    dropout: float = 0.1
    span_sec: int = 60  # 60-s spans, as in the paper
    stride_sec: int = 30
    max_tokens: int = 256  # including [CLS]
    max_instances: int = 256
    max_shots: int = 64
    spatial_dim: int = 5
    num_object_classes: int = NUM_OBJECT_CLASSES
    pose_clusters: int = 8
    compat_dim: int = 128  # projection size of the span-compatibility head (paper code: 128)
    # InfoNCE temperature of the paper's code (run_pretrain.sh: --same_movie_temperature 0.2).
    compat_temperature: float = 0.2
    task_heads: dict = field(default_factory=dict)  # name -> outputs (1 for regression)

    @property
    def feat_dim(self):
        return sum(d for _, d in self.encoders)

    @property
    def vocab(self):
        """Masked-instance targets: object classes, then pose clusters."""
        return self.num_object_classes + self.pose_clusters

    def to_json(self):
        d = asdict(self)
        d["encoders"] = [list(e) for e in self.encoders]
        return d

    @staticmethod
    def from_json(d):
        d = dict(d)
        d["encoders"] = tuple((str(n), int(k)) for n, k in d["encoders"])
        return ModelConfig(**d)
