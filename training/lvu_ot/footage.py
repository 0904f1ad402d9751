"""The real-footage clip set of ``training/footage.sh``: its ``clips.json`` names every
clip's source group (one camera set-up or recording) and the pinned packages it came from.
Banks are matched to clips by the name of the directory ``lvu analyze --out`` wrote them
to (``$LVU_FOOTAGE_DIR/banks/<clip>/feature-bank.safetensors``), else by video id."""
import json
import os


def load_clips(path):
    """(manifest dict, {clip name: clip entry}) from a clips.json."""
    with open(path) as f:
        manifest = json.load(f)
    if manifest.get("format") != "lvu-footage":
        raise ValueError(f"{path} is not a training/footage.sh clips.json")
    return manifest, {c["clip"]: c for c in manifest["clips"]}


def clip_name(bank_path, bank):
    """The clip a bank belongs to: its directory's name (else the bank's video id)."""
    parent = os.path.basename(os.path.dirname(os.path.abspath(bank_path)))
    return parent or bank["video_id"]


def split_by_source(names, clips, hold_out):
    """Indices (train, held) of bank names: held-out when the clip's source group is in
    ``hold_out``. Every name must be a clip of the manifest."""
    missing = [n for n in names if n not in clips]
    if missing:
        raise ValueError(f"banks not in clips.json: {', '.join(missing)}")
    unknown = set(hold_out) - {c["source"] for c in clips.values()}
    if unknown:
        raise ValueError(f"--hold-out names unknown source groups: {', '.join(sorted(unknown))}")
    held = [i for i, n in enumerate(names) if clips[n]["source"] in hold_out]
    return [i for i in range(len(names)) if i not in held], held
