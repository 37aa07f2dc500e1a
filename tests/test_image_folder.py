"""load_image_folder and save_image_folder, on tiny images written here."""

import re
import sys
import warnings

import numpy as np
import pytest

from imblearn_deepsmote.datasets import load_image_folder, save_image_folder

Image = pytest.importorskip(
    "PIL.Image", reason="the image folder functions need Pillow"
)
ImageOps = pytest.importorskip("PIL.ImageOps")


def write_image(path, pixels, *, mode=None, **save_options):
    """Write ``pixels`` (h, w) or (h, w, c) as an image file; make folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.fromarray(np.asarray(pixels))
    if mode is not None:
        image = image.convert(mode)
    image.save(path, **save_options)
    return path


def grey(value, shape=(6, 5)):
    return np.full(shape, value, dtype=np.uint8)


def random_pixels(shape, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=shape, dtype=np.uint8)


def row_of(filename):
    """The row of X that save_image_folder wrote to ``filename``."""
    return int(re.search(r"_(\d+)\.\w+$", filename).group(1))


@pytest.fixture
def pets(tmp_path):
    """A folder of 3 cats and 2 dogs, 6x5 greyscale PNG files."""
    for i, value in enumerate((10, 20, 30)):
        write_image(tmp_path / "pets" / "cat" / f"{i}.png", grey(value))
    for i, value in enumerate((40, 50)):
        write_image(tmp_path / "pets" / "dog" / f"{i}.png", grey(value))
    return tmp_path / "pets"


# --------------------------------------------------------------------------
# Round trips


@pytest.mark.parametrize(
    "shape", [(12, 7, 5), (12, 1, 7, 5), (12, 3, 7, 5)], ids=["HW", "1HW", "3HW"]
)
def test_png_round_trip_gives_back_the_same_pixels_and_classes(tmp_path, shape):
    X = random_pixels(shape)
    y = np.arange(12) % 3
    files = save_image_folder(
        X, y, tmp_path / "out", target_names=["zebra", "ant", "moth"], generated=9
    )
    bunch = load_image_folder(tmp_path / "out", classes=["zebra", "ant", "moth"])
    rows = [row_of(name) for name in bunch.filenames]
    assert sorted(rows) == list(range(12))
    expected = X[:, np.newaxis] if X.ndim == 3 else X
    assert bunch.data.dtype == np.uint8 and bunch.target.dtype == np.int64
    np.testing.assert_array_equal(bunch.data, expected[rows])
    np.testing.assert_array_equal(bunch.target, y[rows])
    assert [row_of(name) for name in files] == list(range(12))
    assert files[0].endswith("zebra/original_000000.png")
    assert files[10].endswith("ant/generated_000010.png")


def test_integer_labels_past_nine_keep_their_codes_through_a_round_trip(tmp_path):
    X = random_pixels((12, 4, 4))
    y = np.arange(12)[::-1]
    save_image_folder(X, y, tmp_path)
    bunch = load_image_folder(tmp_path)
    assert list(bunch.target_names) == [f"{label:02d}" for label in range(12)]
    rows = [row_of(name) for name in bunch.filenames]
    np.testing.assert_array_equal(bunch.target, y[rows])
    np.testing.assert_array_equal(bunch.data[:, 0], X[rows])


def test_string_labels_name_the_class_folders(tmp_path):
    X = random_pixels((3, 4, 4, 3)).transpose(0, 3, 1, 2)
    files = save_image_folder(X, ["owl", "bat", "owl"], tmp_path)
    assert [f.split("/")[-2:] for f in files] == [
        ["owl", "image_000000.png"],
        ["bat", "image_000001.png"],
        ["owl", "image_000002.png"],
    ]
    assert list(load_image_folder(tmp_path).target_names) == ["bat", "owl"]


@pytest.mark.parametrize(
    "fmt, ending", [("bmp", ".bmp"), ("tif", ".tif"), ("webp", ".webp")]
)
def test_lossless_formats_round_trip_exactly(tmp_path, fmt, ending):
    X = random_pixels((4, 3, 6, 5))
    files = save_image_folder(X, [0, 0, 1, 1], tmp_path, format=fmt)
    assert all(name.endswith(ending) for name in files)
    np.testing.assert_array_equal(load_image_folder(tmp_path).data, X)


def test_jpeg_files_are_written_and_read_back_close_to_the_pixels(tmp_path):
    X = np.repeat(grey(120, (1, 16, 16)), 2, axis=0)
    X[1] = 200
    files = save_image_folder(X, [0, 1], tmp_path, format="JPEG")
    assert files[0].endswith(".jpg")
    data = load_image_folder(tmp_path).data
    assert data.shape == (2, 1, 16, 16)
    assert np.abs(data.astype(int) - X[:, np.newaxis]).max() <= 2


# --------------------------------------------------------------------------
# What load_image_folder returns


def test_bunch_holds_classes_codes_files_and_a_channels_last_view(pets):
    bunch = load_image_folder(str(pets))
    assert bunch.data.shape == (5, 1, 6, 5)
    assert list(bunch.target_names) == ["cat", "dog"]
    np.testing.assert_array_equal(bunch.target, [0, 0, 0, 1, 1])
    np.testing.assert_array_equal(bunch.data[:, 0, 0, 0], [10, 20, 30, 40, 50])
    assert [name.split("/")[-2:] for name in bunch.filenames] == [
        ["cat", "0.png"], ["cat", "1.png"], ["cat", "2.png"],
        ["dog", "0.png"], ["dog", "1.png"],
    ]  # fmt: skip
    assert bunch.images.shape == (5, 6, 5)
    assert np.shares_memory(bunch.images, bunch.data)
    assert bunch.data_home == str(pets)
    assert "5 images of 2 classes, 6x5 pixels, 1 channel" in bunch.DESCR
    X, y = load_image_folder(pets, return_X_y=True)
    np.testing.assert_array_equal(X, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)


def test_images_in_subfolders_of_a_class_folder_belong_to_that_class(pets):
    write_image(pets / "dog" / "more" / "deeper" / "a.png", grey(60))
    write_image(pets / "dog" / "z.png", grey(70))
    bunch = load_image_folder(pets)
    np.testing.assert_array_equal(bunch.target, [0, 0, 0, 1, 1, 1, 1])
    # Sorted by path: dog/0, dog/1, dog/more/deeper/a, dog/z.
    np.testing.assert_array_equal(bunch.data[3:, 0, 0, 0], [40, 50, 60, 70])


def test_classes_choose_and_order_the_class_folders(pets):
    write_image(pets / "emu" / "0.png", grey(90))
    bunch = load_image_folder(pets, classes=["dog", "cat"])
    assert list(bunch.target_names) == ["dog", "cat"]
    np.testing.assert_array_equal(bunch.target, [0, 0, 1, 1, 1])
    np.testing.assert_array_equal(bunch.data[:, 0, 0, 0], [40, 50, 10, 20, 30])
    with pytest.raises(ValueError, match=r"not in .*: \['cow'\]"):
        load_image_folder(pets, classes=["cat", "cow"])
    with pytest.raises(ValueError, match="more than once"):
        load_image_folder(pets, classes=["cat", "cat"])
    with pytest.raises(TypeError, match="list of folder names"):
        load_image_folder(pets, classes="cat")


def test_verbose_reports_the_files_and_shows_progress(pets, capsys):
    load_image_folder(pets, verbose=1)
    captured = capsys.readouterr()
    assert "Found 5 image files of 2 classes" in captured.out
    assert "Decoding images" in captured.err
    load_image_folder(pets)
    assert capsys.readouterr() == ("", "")


# --------------------------------------------------------------------------
# Colour, size and pixel conversions


def test_auto_color_mode_gives_one_channel_only_when_every_image_is_grey(pets):
    assert load_image_folder(pets).data.shape[1] == 1
    palette = Image.new("P", (5, 6))
    palette.putpalette([v for value in range(256) for v in (value, value, value)])
    palette.save(pets / "dog" / "grey_palette.png")
    assert load_image_folder(pets).data.shape[1] == 1

    colour = np.zeros((6, 5, 3), dtype=np.uint8)
    colour[..., 0] = 255
    write_image(pets / "dog" / "red.png", colour)
    data = load_image_folder(pets).data
    assert data.shape == (7, 3, 6, 5)
    # Grey images repeat their value in the three channels.
    np.testing.assert_array_equal(data[0], np.full((3, 6, 5), 10))
    np.testing.assert_array_equal(data[-1, :, 0, 0], [255, 0, 0])


def test_grayscale_mode_converts_colour_with_pillows_luma(tmp_path):
    colour = random_pixels((6, 5, 3))
    path = write_image(tmp_path / "a" / "c.png", colour)
    data = load_image_folder(tmp_path, color_mode="grayscale").data
    expected = np.asarray(Image.open(path).convert("L"))
    np.testing.assert_array_equal(data[0, 0], expected)


def test_rgb_mode_repeats_grey_values_in_three_channels(pets):
    data = load_image_folder(pets, color_mode="rgb").data
    assert data.shape == (5, 3, 6, 5)
    np.testing.assert_array_equal(data[:, 0], data[:, 2])
    np.testing.assert_array_equal(data[:, 1, 0, 0], [10, 20, 30, 40, 50])


def test_image_size_resizes_every_image_and_takes_an_int(pets):
    write_image(pets / "dog" / "big.png", grey(77, (40, 30)))
    bunch = load_image_folder(pets, image_size=(3, 4))
    assert bunch.data.shape == (6, 1, 3, 4)
    # Resizing a uniform image keeps its value.
    np.testing.assert_array_equal(bunch.data[-1], np.full((1, 3, 4), 77))
    assert load_image_folder(pets, image_size=8).data.shape == (6, 1, 8, 8)


def test_crop_to_aspect_ratio_keeps_the_centre_instead_of_stretching(tmp_path):
    stripes = np.zeros((4, 12), dtype=np.uint8)
    stripes[:, 4:8] = 200  # the centre third
    write_image(tmp_path / "a" / "wide.png", stripes)
    cropped = load_image_folder(tmp_path, image_size=4, crop_to_aspect_ratio=True)
    np.testing.assert_array_equal(cropped.data[0, 0], np.full((4, 4), 200))
    stretched = load_image_folder(tmp_path, image_size=4).data[0, 0]
    assert (
        stretched[:, 0].max() < 100 and stretched[:, 0].min() == stretched[:, 3].min()
    )


def test_large_jpeg_files_are_shrunk_to_the_size_asked_for(tmp_path):
    colour = np.zeros((120, 90, 3), dtype=np.uint8)
    colour[..., 1] = 180
    write_image(tmp_path / "a" / "photo.jpg", colour, quality=95)
    data = load_image_folder(tmp_path, image_size=(8, 6)).data
    assert data.shape == (1, 3, 8, 6)
    assert np.abs(data[0, 1].astype(int) - 180).max() <= 3
    assert data[0, 0].max() <= 3


def test_sixteen_bit_images_are_scaled_to_eight_bits(tmp_path):
    wide = np.array([[0, 257, 32896], [65535, 128, 129]], dtype=np.uint16)
    path = write_image(tmp_path / "a" / "deep.png", wide)
    assert Image.open(path).mode.startswith("I")
    data = load_image_folder(tmp_path).data
    np.testing.assert_array_equal(data[0, 0], [[0, 1, 128], [255, 0, 1]])


def test_transparent_pixels_are_composited_onto_black(tmp_path):
    rgba = np.zeros((1, 3, 4), dtype=np.uint8)
    rgba[0, :, :3] = [200, 100, 50]
    rgba[0, :, 3] = [255, 0, 128]
    write_image(tmp_path / "a" / "alpha.png", rgba)
    data = load_image_folder(tmp_path).data
    np.testing.assert_array_equal(
        data[0, :, 0, :], [[200, 0, 100], [100, 0, 50], [50, 0, 25]]
    )
    grey_alpha = np.array([[[90, 255], [90, 0]]], dtype=np.uint8)
    write_image(tmp_path / "b" / "la.png", grey_alpha)
    data = load_image_folder(tmp_path, classes=["b"]).data
    np.testing.assert_array_equal(data[0, 0], [[90, 0]])


def test_colour_palette_images_are_expanded_to_rgb(tmp_path):
    palette = Image.new("P", (2, 1))
    palette.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    palette.putpixel((1, 0), 1)
    (tmp_path / "a").mkdir()
    palette.save(tmp_path / "a" / "p.gif")
    data = load_image_folder(tmp_path).data
    np.testing.assert_array_equal(data[0, :, 0, :], [[255, 0], [0, 0], [0, 255]])


def test_exif_orientation_is_applied(tmp_path):
    pixels = np.arange(8, dtype=np.uint8).reshape(2, 4) * 30
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise
    path = write_image(tmp_path / "a" / "turned.png", pixels, exif=exif)
    upright = np.asarray(ImageOps.exif_transpose(Image.open(path)))
    assert upright.shape == (4, 2)
    data = load_image_folder(tmp_path).data
    np.testing.assert_array_equal(data[0, 0], upright)
    write_image(tmp_path / "a" / "plain.png", grey(5, (4, 2)))
    assert load_image_folder(tmp_path).data.shape == (2, 1, 4, 2)


# --------------------------------------------------------------------------
# Files that are not what they should be


def test_mixed_sizes_without_image_size_are_refused_with_the_sizes_found(pets):
    write_image(pets / "dog" / "big.png", grey(1, (9, 9)))
    write_image(pets / "dog" / "bigger.png", grey(1, (9, 9)))
    with pytest.raises(ValueError) as info:
        load_image_folder(pets)
    message = str(info.value)
    assert "2 different sizes" in message
    assert "6x5: 5 images" in message and "9x9: 2 images" in message
    assert "big.png" in message
    assert "image_size=(6, 5)" in message


def test_unreadable_files_are_all_named_in_the_error(pets):
    (pets / "cat" / "garbage.png").write_bytes(b"this is not an image")
    whole = (pets / "dog" / "0.png").read_bytes()
    (pets / "dog" / "truncated.png").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ValueError) as info:
        load_image_folder(pets)
    message = str(info.value)
    assert message.startswith("2 of the 7 files could not be read as images")
    assert "cat/garbage.png (cannot identify image file)" in message
    assert "dog/truncated.png" in message
    assert "on_error='skip'" in message


def test_on_error_skip_leaves_unreadable_files_out_with_a_warning(pets):
    (pets / "cat" / "garbage.jpg").write_bytes(b"\xff\xd8 not really")
    with pytest.warns(UserWarning, match=r"Skipped 1 of the 6 files.*garbage\.jpg"):
        bunch = load_image_folder(pets, on_error="skip")
    assert bunch.data.shape == (5, 1, 6, 5)
    assert not any("garbage" in name for name in bunch.filenames)


def test_a_class_whose_every_file_is_skipped_is_an_error(pets):
    (pets / "emu").mkdir()
    (pets / "emu" / "broken.png").write_bytes(b"junk")
    with pytest.warns(UserWarning, match="Skipped"):
        with pytest.raises(ValueError, match="No image of the class emu"):
            load_image_folder(pets, on_error="skip")


def test_only_unreadable_files_are_an_error_even_when_skipping(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.png").write_bytes(b"junk")
    with pytest.raises(ValueError, match="None of the 1 files could be read"):
        load_image_folder(tmp_path, on_error="skip")


def test_files_that_are_not_images_are_ignored_with_a_warning_naming_them(pets):
    (pets / "cat" / "README.txt").write_text("cats")
    (pets / "labels.csv").write_text("a,b")
    (pets / "cat" / ".DS_Store").write_bytes(b"\x00")
    with pytest.warns(UserWarning) as record:
        bunch = load_image_folder(pets)
    assert bunch.data.shape[0] == 5
    (message,) = [str(w.message) for w in record]
    assert "Ignored 2 files" in message
    assert "cat/README.txt" in message and "labels.csv" in message
    assert "DS_Store" not in message


def test_hidden_files_and_folders_are_ignored_silently(pets):
    (pets / "cat" / ".DS_Store").write_bytes(b"\x00")
    (pets / "cat" / "Thumbs.db").write_bytes(b"\x00")
    write_image(pets / "cat" / ".ipynb_checkpoints" / "x.png", grey(1, (2, 2)))
    write_image(pets / ".trash" / "y.png", grey(1, (2, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bunch = load_image_folder(pets)
    assert list(bunch.target_names) == ["cat", "dog"]
    assert bunch.data.shape == (5, 1, 6, 5)


def test_images_next_to_the_class_folders_are_ignored_with_a_warning(pets):
    write_image(pets / "stray.png", grey(1))
    with pytest.warns(
        UserWarning, match="1 image in .* not in a class folder: stray.png"
    ):
        assert load_image_folder(pets).data.shape[0] == 5


def test_a_folder_without_class_subfolders_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no class subfolders"):
        load_image_folder(tmp_path)
    write_image(tmp_path / "a.png", grey(1))
    write_image(tmp_path / "b.png", grey(1))
    with pytest.raises(ValueError, match="holds 2 images but no class subfolders"):
        load_image_folder(tmp_path)


def test_a_class_folder_without_images_is_refused(pets):
    (pets / "emu").mkdir()
    (pets / "emu" / "notes.txt").write_text("none yet")
    with pytest.raises(ValueError, match="class folder emu in .* holds no image"):
        load_image_folder(pets)
    assert load_image_folder(pets, classes=["cat", "dog"]).data.shape[0] == 5


def test_a_missing_path_or_a_file_is_refused(tmp_path, pets):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_image_folder(tmp_path / "nowhere")
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        load_image_folder(pets / "cat" / "0.png")


def symlink(link, target):
    try:
        link.symlink_to(target, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("this file system or user cannot make links")


def test_links_to_folders_are_followed_at_both_levels(tmp_path):
    # One rule: a link to a folder is read like a folder, whether it is a
    # class folder or a folder inside one.
    elsewhere = tmp_path / "elsewhere"
    write_image(elsewhere / "more_cats" / "0.png", grey(60))
    write_image(elsewhere / "dogs" / "0.png", grey(70))
    pets = tmp_path / "pets"
    write_image(pets / "cat" / "0.png", grey(10))
    symlink(pets / "cat" / "more", elsewhere / "more_cats")
    symlink(pets / "dog", elsewhere / "dogs")

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bunch = load_image_folder(pets)

    assert list(bunch.target_names) == ["cat", "dog"]
    assert bunch.data[:, 0, 0, 0].tolist() == [10, 60, 70]
    assert bunch.target.tolist() == [0, 0, 1]


def test_links_that_loop_are_skipped_and_named(tmp_path, pets):
    symlink(pets / "cat" / "again", pets / "cat")
    symlink(pets / "dog" / "up", pets)
    symlink(pets / "all", pets)
    message = (
        r"Skipped 3 folders in .* not read: all \(a link to the folder of class "
        r"folders\), cat/again \(a link to a folder read already\), dog/up \(a "
        r"link to a folder read already\)"
    )
    with pytest.warns(UserWarning, match=message):
        bunch = load_image_folder(pets)
    assert list(bunch.target_names) == ["cat", "dog"]
    assert len(bunch.data) == 5


@pytest.mark.parametrize(
    "params, message",
    [
        ({"color_mode": "RGB"}, "'color_mode' parameter .* a str among"),
        ({"on_error": "ignore"}, "'on_error' parameter .* a str among"),
        ({"image_size": 0}, r"'image_size' parameter .* range \[1"),
        ({"image_size": (4,)}, "image_size must be"),
        ({"image_size": (4, 2.5)}, "image_size must be"),
        ({"image_size": True}, "image_size must be"),
    ],
)
def test_invalid_arguments_are_refused(pets, params, message):
    with pytest.raises(ValueError, match=message):
        load_image_folder(pets, **params)


def test_without_pillow_both_functions_say_how_to_install_it(pets, monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r"pip install imblearn-deepsmote\[images\]"):
        load_image_folder(pets)
    with pytest.raises(ImportError, match=r"pip install imblearn-deepsmote\[images\]"):
        save_image_folder(np.zeros((1, 2, 2), np.uint8), [0], pets / "new")


def test_warnings_point_at_the_line_that_called_the_function(pets):
    # Not at scikit-learn's parameter validation, which wraps the functions.
    (pets / "cat" / "notes.txt").write_text("not an image")
    (pets / "dog" / "broken.png").write_bytes(b"not a png")
    with pytest.warns(UserWarning) as loading:
        load_image_folder(pets, on_error="skip")
    with pytest.warns(UserWarning, match="not written by this call") as saving:
        save_image_folder(random_pixels((1, 4, 4)), ["cat"], pets, overwrite=True)
    assert len(loading) == 2
    assert {record.filename for record in [*loading, *saving]} == {__file__}


# --------------------------------------------------------------------------
# save_image_folder's checks


def test_save_refuses_a_folder_that_is_not_empty_unless_overwrite(tmp_path):
    X = random_pixels((2, 4, 4))
    first = save_image_folder(X, [0, 1], tmp_path / "out")
    with pytest.raises(FileExistsError, match="is not empty: it holds 0, 1"):
        save_image_folder(X, [0, 1], tmp_path / "out")
    np.testing.assert_array_equal(np.asarray(Image.open(first[0])), X[0])

    again = save_image_folder(X[::-1], [0, 1], tmp_path / "out", overwrite=True)
    assert again == first
    np.testing.assert_array_equal(np.asarray(Image.open(first[0])), X[1])

    (tmp_path / "hidden").mkdir()
    (tmp_path / "hidden" / ".DS_Store").write_bytes(b"")
    assert len(save_image_folder(X, [0, 1], tmp_path / "hidden")) == 2
    (tmp_path / "file").write_text("")
    with pytest.raises(NotADirectoryError):
        save_image_folder(X, [0, 1], tmp_path / "file")


@pytest.mark.parametrize(
    "where, error, message",
    [
        (lambda tmp, _: tmp / "file.txt", NotADirectoryError, "is a file, not"),
        (
            lambda tmp, _: tmp / "file.txt" / "out",
            NotADirectoryError,
            r"file\.txt is a file, so the folder .*out cannot be made in it",
        ),
        (
            lambda tmp, _: tmp / ("a" * 300) / "out",
            OSError,
            "too long for the file system: its longest name has 300 bytes",
        ),
        (
            lambda _, locked: locked / "new" / "out",
            PermissionError,
            "Cannot make the folder .*out in ",
        ),
    ],
    ids=["a file", "under a file", "name too long", "unwritable"],
)
def test_save_refuses_a_folder_it_cannot_write_before_writing(
    tmp_path, unwritable, where, error, message
):
    (tmp_path / "file.txt").write_text("mine")
    folder = where(tmp_path, unwritable)
    with pytest.raises(error, match=message) as raised:
        save_image_folder(random_pixels((2, 4, 4)), [0, 1], folder)
    assert "Errno" not in str(raised.value)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["file.txt"]


def test_the_check_of_a_new_folder_leaves_nothing_behind(tmp_path):
    from imblearn_deepsmote.datasets._image_folder import check_output_folder

    folder = tmp_path / "a" / "b" / "out"
    assert check_output_folder(folder) == folder
    assert not (tmp_path / "a").exists()
    (tmp_path / "empty").mkdir()
    check_output_folder(tmp_path / "empty")
    assert not list((tmp_path / "empty").iterdir())


def test_save_never_replaces_a_file_without_overwrite(tmp_path, monkeypatch):
    # An empty folder passes the check; a file that appears meanwhile
    # (another process) is still not replaced.
    from imblearn_deepsmote.datasets import _image_folder

    monkeypatch.setattr(
        _image_folder, "check_output_folder", lambda path, **kwargs: path
    )
    write_image(tmp_path / "0" / "image_000000.png", grey(9, (4, 4)))
    with pytest.raises(FileExistsError, match=r"image_000000\.png exists already"):
        save_image_folder(random_pixels((1, 4, 4)), [0], tmp_path)
    np.testing.assert_array_equal(
        np.asarray(Image.open(tmp_path / "0" / "image_000000.png")), grey(9, (4, 4))
    )


def test_save_with_overwrite_warns_about_images_it_did_not_write(tmp_path):
    save_image_folder(random_pixels((3, 4, 4)), [0, 0, 0], tmp_path)
    with pytest.warns(UserWarning, match="2 image files .* were not written"):
        save_image_folder(random_pixels((1, 4, 4)), [0], tmp_path, overwrite=True)


def test_save_takes_pixel_values_of_any_dtype_and_refuses_other_values(tmp_path):
    X = random_pixels((2, 3, 3))
    for i, dtype in enumerate((np.int64, np.float32, np.uint16)):
        files = save_image_folder(X.astype(dtype), [0, 1], tmp_path / str(i))
        np.testing.assert_array_equal(np.asarray(Image.open(files[1])), X[1])
    for bad, dtype in [
        (256, np.float64),
        (-1, np.float64),
        (np.inf, np.float64),
        (256, np.int64),
        (-1, np.int16),
    ]:
        values = X.astype(dtype)
        values[1, 2, 2] = bad
        with pytest.raises(ValueError, match=rf"dtype {dtype.__name__}\) holds values"):
            save_image_folder(values, [0, 1], tmp_path / "bad")
    values = X.astype(np.float64)
    values[1, 2, 2] = np.nan
    with pytest.raises(ValueError, match="NaN values, which no image file stores"):
        save_image_folder(values, [0, 1], tmp_path / "bad")
    with pytest.raises(TypeError, match="got dtype bool"):
        save_image_folder(X > 100, [0, 1], tmp_path / "bad")
    assert not (tmp_path / "bad").exists()


def test_save_writes_floats_from_0_to_1_and_from_0_to_255_alike(tmp_path):
    # DeepSMOTE returns floats for float input: images scaled to [0, 1], or
    # in [0, 255] but no longer whole numbers. Both are written as pixels.
    X = random_pixels((4, 1, 5, 5))
    X[0, 0, 0, 0] = 255
    noise = np.random.default_rng(1).uniform(-0.45, 0.45, size=X.shape)
    inputs = {
        "unit": X / 255.0,
        "unit32": (X / 255.0).astype(np.float32),
        "noisy": np.clip(X + noise, 0, 255),
    }
    for name, values in inputs.items():
        files = save_image_folder(values, [0, 0, 1, 1], tmp_path / name)
        read = np.stack([np.asarray(Image.open(file)) for file in files])
        np.testing.assert_array_equal(read, X[:, 0], err_msg=name)


@pytest.mark.parametrize(
    "shape, message",
    [
        ((2, 4, 4, 3), r"look channels-last.*X.transpose\(0, 3, 1, 2\)"),
        ((2, 4, 4, 4), r"got shape \(2, 4, 4, 4\)"),
        ((2, 64), r"X.reshape\(-1, 8, 8\)"),
        ((2, 2, 4, 4), "with 1 or 3 channels"),
    ],
)
def test_save_refuses_shapes_it_cannot_write(tmp_path, shape, message):
    with pytest.raises(ValueError, match=message):
        save_image_folder(np.zeros(shape, np.uint8), [0, 1], tmp_path)


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({"y": [0]}, ValueError, r"y must have shape \(3,\)"),
        ({"generated": 4}, ValueError, "from 0 to 3"),
        ({"generated": True}, TypeError, "generated must be"),
        ({"generated": 1.5}, TypeError, "generated must be"),
        ({"generated": [True, False]}, ValueError, r"boolean mask of shape \(3,\)"),
        ({"target_names": ["a"]}, ValueError, "codes from 0 to 0"),
        (
            {"target_names": ["a", "b/c"]},
            ValueError,
            "'b/c', which cannot name a class",
        ),
        ({"target_names": ["a", "a"]}, ValueError, "holds a name twice"),
        ({"y": [-1, 0, 1]}, ValueError, "negative labels"),
        ({"y": [".x", "a", "a"]}, ValueError, "'.x', which cannot name a class"),
        ({"y": ["a", "..", "a"]}, ValueError, "'..', which cannot name"),
        ({"format": "gif"}, ValueError, "format must be one of"),
    ],
)
def test_save_checks_its_arguments(tmp_path, params, error, message):
    arguments = {"y": [0, 1, 1], **params}
    y = arguments.pop("y")
    with pytest.raises(error, match=message):
        save_image_folder(np.zeros((3, 2, 2), np.uint8), y, tmp_path, **arguments)
    assert list(tmp_path.iterdir()) == []


def test_generated_can_be_a_boolean_mask(tmp_path):
    files = save_image_folder(
        np.zeros((3, 2, 2), np.uint8),
        [0, 0, 0],
        tmp_path,
        generated=[False, True, False],
    )
    assert [f.rsplit("/", 1)[1] for f in files] == [
        "original_000000.png",
        "generated_000001.png",
        "original_000002.png",
    ]


# --------------------------------------------------------------------------
# With DeepSMOTE


def test_a_loaded_folder_balanced_by_deepsmote_is_saved_with_generated_names(
    tmp_path, fast_params
):
    from imblearn_deepsmote import DeepSMOTE

    rng = np.random.default_rng(0)
    for label, count in (("many", 24), ("few", 8)):
        for i in range(count):
            write_image(
                tmp_path / "in" / label / f"{i}.png",
                rng.integers(0, 256, (8, 8), np.uint8),
            )
    bunch = load_image_folder(tmp_path / "in")
    X_res, y_res = DeepSMOTE(**fast_params).fit_resample(bunch.data, bunch.target)
    assert X_res.dtype == np.uint8 and X_res.shape == (48, 1, 8, 8)
    files = save_image_folder(
        X_res,
        y_res,
        tmp_path / "out",
        target_names=bunch.target_names,
        generated=len(bunch.data),
    )
    generated = [f for f in files if "/generated_" in f]
    assert len(generated) == 16 and all("/few/" in f for f in generated)
    balanced = load_image_folder(tmp_path / "out", classes=list(bunch.target_names))
    np.testing.assert_array_equal(np.bincount(balanced.target), [24, 24])
