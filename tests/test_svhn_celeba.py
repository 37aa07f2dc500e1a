"""load_svhn and load_celeba, on small files in the formats of the real ones."""

import numpy as np
import pytest
import scipy.io

from imblearn_deepsmote.datasets import (
    LONG_TAIL_PRESETS,
    _celeba,
    _loaders,
    load_celeba,
    load_svhn,
)

HAIR = ["Black_Hair", "Brown_Hair", "Blond_Hair", "Gray_Hair", "Bald"]


@pytest.fixture(autouse=True)
def no_data_env(monkeypatch):
    # The user's own settings must not leak into the tests.
    monkeypatch.delenv(_loaders.SVHN_ENV, raising=False)
    monkeypatch.delenv(_celeba.CELEBA_ENV, raising=False)


# --------------------------------------------------------------------------
# SVHN


def svhn_arrays(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 256, size=(32, 32, 3, n), dtype=np.uint8)
    y = (np.arange(n) % 10 + 1).astype(np.uint8).reshape(n, 1)  # 1..10
    return X, y


def write_svhn(folder, *, n_train=12, n_test=5):
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, n, seed in (("train", n_train, 0), ("test", n_test, 1)):
        X, y = svhn_arrays(n, seed)
        scipy.io.savemat(folder / f"{name}_32x32.mat", {"X": X, "y": y})
        written[name] = (X, y)
    return written


def test_svhn_images_come_channels_first_and_label_10_is_the_digit_0(tmp_path):
    written = write_svhn(tmp_path)
    bunch = load_svhn(tmp_path)
    X, y = written["train"]
    assert bunch.data.shape == (12, 3, 32, 32) and bunch.data.dtype == np.uint8
    assert bunch.target.dtype == np.int64
    # Image 4, channel 1 (green), row 7, column 20 of the file's X.
    assert bunch.data[4, 1, 7, 20] == X[7, 20, 1, 4]
    np.testing.assert_array_equal(bunch.data, X.transpose(3, 2, 0, 1))
    np.testing.assert_array_equal(bunch.images, X.transpose(3, 0, 1, 2))
    assert np.shares_memory(bunch.images, bunch.data)
    np.testing.assert_array_equal(bunch.target[:10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 0])
    assert list(bunch.target_names) == [str(d) for d in range(10)]
    assert bunch.data_home == str(tmp_path) and "SVHN" in bunch.DESCR


def test_svhn_subsets_and_return_X_y(tmp_path):
    written = write_svhn(tmp_path)
    X, y = load_svhn(tmp_path, subset="test", return_X_y=True)
    np.testing.assert_array_equal(X, written["test"][0].transpose(3, 2, 0, 1))
    np.testing.assert_array_equal(y, written["test"][1].ravel() % 10)
    X_all, y_all = load_svhn(tmp_path, subset="all", return_X_y=True)
    assert X_all.shape == (17, 3, 32, 32)
    np.testing.assert_array_equal(X_all[12:], X)
    np.testing.assert_array_equal(y_all[:12], (np.arange(12) % 10 + 1) % 10)
    with pytest.raises(
        ValueError, match="'subset' parameter of load_svhn must be a str among"
    ):
        load_svhn(tmp_path, subset="extra")


def test_svhn_is_found_through_its_environment_variable(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match=_loaders.SVHN_ENV):
        load_svhn()
    write_svhn(tmp_path, n_train=3)
    monkeypatch.setenv(_loaders.SVHN_ENV, str(tmp_path))
    assert load_svhn().data.shape[0] == 3


def test_missing_svhn_files_are_named_with_where_to_get_them(tmp_path):
    write_svhn(tmp_path)
    (tmp_path / "test_32x32.mat").unlink()
    assert load_svhn(tmp_path).data.shape[0] == 12  # only train is needed
    with pytest.raises(FileNotFoundError) as info:
        load_svhn(tmp_path, subset="all")
    message = str(info.value)
    assert "(from data_home): test_32x32.mat." in message
    assert "ufldl.stanford.edu/housenumbers" in message


@pytest.mark.parametrize(
    "content, message",
    [
        (
            {"X": np.zeros((32, 32, 3), np.uint8), "y": np.ones((1, 1))},
            r"X has shape \(32, 32, 3\)",
        ),
        (
            {"X": np.zeros((28, 28, 3, 2), np.uint8), "y": np.ones((2, 1))},
            "expected \\(32, 32, 3, n_images\\)",
        ),
        ({"X": np.zeros((32, 32, 3, 2), np.uint8)}, "no variable y"),
        (
            {"X": np.zeros((32, 32, 3, 2), np.uint8), "y": np.ones((3, 1))},
            "holds 2 images but y",
        ),
        ({"X": np.zeros((32, 32, 3, 2)), "y": np.ones((2, 1))}, "dtype float64"),
        (
            {"X": np.zeros((32, 32, 3, 2), np.uint8), "y": np.array([[0], [1]])},
            "outside 1..10",
        ),
        (
            {"X": np.zeros((32, 32, 3, 2), np.uint8), "y": np.array([[11], [1]])},
            "outside 1..10",
        ),
        (None, "not a readable MATLAB file"),
    ],
)
def test_svhn_files_of_another_layout_are_refused(tmp_path, content, message):
    path = tmp_path / "train_32x32.mat"
    if content is None:
        path.write_bytes(b"<html>404 Not Found</html>" * 10)
    else:
        scipy.io.savemat(path, content)
    with pytest.raises(ValueError, match=message) as info:
        load_svhn(tmp_path)
    assert str(path) in str(info.value)


# --------------------------------------------------------------------------
# CelebA

# 40 attribute names as in list_attr_celeba.txt, the hair ones among them.
ATTRIBUTES = [f"Attr_{i}" for i in range(40)]
for position, name in zip((8, 11, 9, 17, 4), HAIR, strict=True):
    ATTRIBUTES[position] = name

# Hair attributes of each fake image, and its expected class (None: left out).
FACES = [
    ("000001.jpg", {"Blond_Hair"}, 2),
    ("000002.jpg", set(), None),
    ("000003.jpg", {"Black_Hair"}, 0),
    ("000004.jpg", {"Brown_Hair", "Blond_Hair"}, None),
    ("000005.jpg", {"Bald"}, 4),
    ("000006.jpg", {"Gray_Hair"}, 3),
    ("000007.jpg", {"Brown_Hair"}, 1),
    ("000008.jpg", {"Black_Hair", "Bald"}, None),
]
PARTITION = [0, 0, 1, 2, 0, 2, 1, 0]


def face_colour(index):
    return (20 * index, 200 - 20 * index, 90)


def write_celeba(folder, *, csv=False, layout="plain", size=(22, 18)):
    """A CelebA folder of tiny one-colour faces; size is (height, width)."""
    Image = pytest.importorskip("PIL.Image", reason="load_celeba needs Pillow")
    images = {
        "plain": folder / "img_align_celeba",
        "official": folder / "Img" / "img_align_celeba",
        "kaggle": folder / "img_align_celeba" / "img_align_celeba",
    }[layout]
    images.mkdir(parents=True)
    for index, (name, _, _) in enumerate(FACES):
        pixels = np.empty((*size, 3), dtype=np.uint8)
        pixels[...] = face_colour(index)
        Image.fromarray(pixels).save(images / name, quality=95)
    rows = []
    for name, hair, _ in FACES:
        rows.append([name] + ["1" if a in hair else "-1" for a in ATTRIBUTES])
    anno = folder / "Anno" if layout == "official" else folder
    anno.mkdir(exist_ok=True)
    if csv:
        lines = [",".join(["image_id", *ATTRIBUTES])] + [",".join(row) for row in rows]
        (anno / "list_attr_celeba.csv").write_text("\n".join(lines) + "\n")
        lines = ["image_id,partition"] + [
            f"{name},{part}"
            for (name, _, _), part in zip(FACES, PARTITION, strict=True)
        ]
        (anno / "list_eval_partition.csv").write_text("\n".join(lines) + "\n")
    else:
        # As in the real file: a count, the names, then rows padded with spaces.
        lines = [str(len(rows)), " ".join(ATTRIBUTES) + " "]
        lines += [f"{row[0]} " + " ".join(f"{v:>2}" for v in row[1:]) for row in rows]
        (anno / "list_attr_celeba.txt").write_text("\n".join(lines) + "\n")
        partition = folder / "Eval" if layout == "official" else folder
        partition.mkdir(exist_ok=True)
        (partition / "list_eval_partition.txt").write_text(
            "".join(
                f"{name} {part}\n"
                for (name, _, _), part in zip(FACES, PARTITION, strict=True)
            )
        )
    return images


def expected_faces(subset=None):
    return [
        (index, name, code)
        for index, (name, _, code) in enumerate(FACES)
        if code is not None and (subset is None or PARTITION[index] == subset)
    ]


def test_celeba_keeps_faces_of_exactly_one_hair_class_in_the_paper_order(tmp_path):
    write_celeba(tmp_path)
    bunch = load_celeba(tmp_path)
    kept = expected_faces()
    assert list(bunch.target_names) == HAIR
    assert len(LONG_TAIL_PRESETS["celeba"]) == len(bunch.target_names)
    np.testing.assert_array_equal(bunch.target, [code for _, _, code in kept])
    assert [name.rsplit("/", 1)[1] for name in bunch.filenames] == [
        n for _, n, _ in kept
    ]
    assert bunch.data.shape == (5, 3, 32, 32) and bunch.data.dtype == np.uint8
    assert bunch.images.shape == (5, 32, 32, 3)
    for row, (index, _, _) in enumerate(kept):
        colour = bunch.data[row].reshape(3, -1).mean(axis=1)
        np.testing.assert_allclose(colour, face_colour(index), atol=4)
    assert "five hair classes" in bunch.DESCR


def test_celeba_image_size_can_be_changed_or_kept(tmp_path):
    write_celeba(tmp_path)
    X, y = load_celeba(tmp_path, image_size=(8, 6), return_X_y=True)
    assert X.shape == (5, 3, 8, 6) and y.shape == (5,)
    assert load_celeba(tmp_path, image_size=None).data.shape == (5, 3, 22, 18)
    assert load_celeba(
        tmp_path, image_size=4, crop_to_aspect_ratio=True
    ).data.shape == (5, 3, 4, 4)


@pytest.mark.parametrize("csv, layout", [(False, "official"), (True, "kaggle")])
def test_celeba_is_read_from_the_official_and_the_kaggle_layouts(tmp_path, csv, layout):
    write_celeba(tmp_path, csv=csv, layout=layout)
    bunch = load_celeba(tmp_path, subset="test", image_size=4)
    kept = expected_faces(subset=2)
    np.testing.assert_array_equal(bunch.target, [code for _, _, code in kept])


@pytest.mark.parametrize("subset, part", [("train", 0), ("valid", 1), ("test", 2)])
def test_celeba_subsets_follow_the_official_split(tmp_path, subset, part):
    write_celeba(tmp_path)
    bunch = load_celeba(tmp_path, subset=subset, image_size=4)
    assert [name.rsplit("/", 1)[1] for name in bunch.filenames] == [
        name for _, name, _ in expected_faces(subset=part)
    ]


def test_celeba_subset_without_the_partition_file_says_what_is_missing(tmp_path):
    write_celeba(tmp_path)
    (tmp_path / "list_eval_partition.txt").unlink()
    assert load_celeba(tmp_path, image_size=4).data.shape[0] == 5
    with pytest.raises(FileNotFoundError, match="list_eval_partition.txt"):
        load_celeba(tmp_path, subset="train")
    with pytest.raises(
        ValueError, match="'subset' parameter of load_celeba must be a str among"
    ):
        load_celeba(tmp_path, subset="validation")


def test_celeba_is_found_through_its_environment_variable(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match=_celeba.CELEBA_ENV):
        load_celeba()
    write_celeba(tmp_path)
    monkeypatch.setenv(_celeba.CELEBA_ENV, str(tmp_path))
    assert load_celeba(image_size=4).data.shape[0] == 5


def test_celeba_missing_lists_and_images_are_named(tmp_path):
    images = write_celeba(tmp_path)
    (images / "000005.jpg").unlink()
    with pytest.raises(FileNotFoundError, match=r"1 of the 5 images .*000005\.jpg"):
        load_celeba(tmp_path)
    with pytest.warns(
        UserWarning, match=r"Skipped 1 of the 5 CelebA images.*000005"
    ) as skipped:
        bunch = load_celeba(tmp_path, on_error="skip", image_size=4)
    np.testing.assert_array_equal(bunch.target, [2, 0, 3, 1])
    assert skipped[0].filename == __file__  # the line that called load_celeba
    (tmp_path / "list_attr_celeba.txt").unlink()
    with pytest.raises(FileNotFoundError) as info:
        load_celeba(tmp_path)
    assert "list_attr_celeba.txt" in str(info.value)
    assert "mmlab.ie.cuhk.edu.hk" in str(info.value)


def test_celeba_unreadable_image_is_named(tmp_path):
    images = write_celeba(tmp_path)
    (images / "000003.jpg").write_bytes(b"\xff\xd8\xff broken")
    with pytest.raises(ValueError, match=r"1 of the 5 CelebA images .*000003\.jpg"):
        load_celeba(tmp_path)


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda lines: ["9", *lines[1:]],
            "declares 9 images on its first line but lists 8",
        ),
        (lambda lines: ["Attr", *lines[1:]], "expected the number of images"),
        (lambda lines: [lines[0], lines[1].replace("Bald", "Hairless")], "lacks Bald"),
        (
            lambda lines: lines[:3] + [lines[3] + " 1"] + lines[4:],
            "line 4: expected a file name and 40",
        ),
        (
            lambda lines: lines[:2] + [lines[2].replace("-1", "0")] + lines[3:],
            "line 3: hair attributes must be 1 or -1",
        ),
        (lambda lines: lines[:1], "ends before its header"),
    ],
)
def test_celeba_attribute_lists_in_another_format_are_refused(tmp_path, edit, message):
    write_celeba(tmp_path)
    path = tmp_path / "list_attr_celeba.txt"
    path.write_text("\n".join(edit(path.read_text().splitlines())) + "\n")
    with pytest.raises(ValueError, match=message):
        load_celeba(tmp_path)
