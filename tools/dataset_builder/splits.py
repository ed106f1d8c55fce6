"""The held-out split: a stable hash of each item's group decides, so related items never straddle splits.

An image's group is its source and caption title without skin tones (the four "acquila" drawings
are one group, as are an emoji's skin-tone variants); the speech of a caption shares its image's
group; a sentence is its own group, as is a sound."""
from .common import stable_fraction

HELD_OUT_FRACTION = 0.05
MINIMUM_HELD_OUT = 50


def group_fraction(group):
    """The group's stable position in [0, 1); groups below HELD_OUT_FRACTION are held out."""
    return stable_fraction("split:" + group)


def held_out_groups(modalities):
    """The set of held-out groups, given lists of records (each with a "group") per modality.

    Groups under the threshold are held out; if a modality then has fewer than MINIMUM_HELD_OUT
    held-out items, its next groups in hash order join until it has (never more than half its items)."""
    held_out = {record["group"] for records in modalities for record in records
                if group_fraction(record["group"]) < HELD_OUT_FRACTION}
    for records in modalities:
        wanted = min(MINIMUM_HELD_OUT, len(records) // 2)
        count = sum(record["group"] in held_out for record in records)
        for group in sorted({record["group"] for record in records} - held_out, key=group_fraction):
            if count >= wanted:
                break
            held_out.add(group)
            count += sum(record["group"] == group for record in records)
    return held_out


def assign_splits(modalities):
    """Sets record["split"] to "heldout" or "train" on every record of every modality."""
    held_out = held_out_groups(modalities)
    for records in modalities:
        for record in records:
            record["split"] = "heldout" if record["group"] in held_out else "train"
