"""Finding places: postcodes, districts, named places and the ONS Postcode Directory."""

import pytest

from hub.places.operations import (
    NotAPostcode,
    PlaceNotFound,
    PostcodeFileError,
    distance_miles,
    import_postcodes,
    locate,
)

ONSPD_HEADER = "pcd,pcd2,pcds,dointr,doterm,lat,long\n"


def test_a_full_postcode_from_the_directory_beats_its_district(app, tmp_path):
    onspd = tmp_path / "onspd.csv"
    onspd.write_text(ONSPD_HEADER
                     + "YO1 9ZZ,YO1  9ZZ,YO1 9ZZ,199001,,53.9601,-1.0803\n"
                     + "YO1 9ZY,YO1  9ZY,YO1 9ZY,199001,200501,53.1,-1.1\n"
                     + "YO1 9ZX,YO1  9ZX,YO1 9ZX,199001,,99.999999,0.000000\n")
    assert import_postcodes(onspd) == 1  # terminated and unplaced postcodes are skipped
    point = locate("yo19zz")
    assert (point.label, point.latitude) == ("YO1 9ZZ", 53.9601)
    with pytest.raises(PlaceNotFound):
        locate("ZZ9 9ZZ")  # well formed, but not in this place


def test_reimporting_postcodes_updates_them(app, tmp_path):
    onspd = tmp_path / "onspd.csv"
    onspd.write_text(ONSPD_HEADER + "YO1 9ZZ,,YO1 9ZZ,,,53.96,-1.08\n")
    import_postcodes(onspd)
    onspd.write_text(ONSPD_HEADER + "YO1 9ZZ,,YO1 9ZZ,,,53.97,-1.09\n")
    import_postcodes(onspd)
    assert locate("YO1 9ZZ").latitude == 53.97


def test_a_bad_postcode_file_changes_nothing(app, tmp_path):
    onspd = tmp_path / "onspd.csv"
    onspd.write_text(ONSPD_HEADER + "YO1 9ZZ,,YO1 9ZZ,,,53.96,-1.08\n"
                     + "YO1 9ZY,,YO1 9ZY,,,north,-1.08\n")
    with pytest.raises(PostcodeFileError, match="Line 3"):
        import_postcodes(onspd)
    wrong_columns = tmp_path / "wrong.csv"
    wrong_columns.write_text("postcode,x,y\nYO1 9ZZ,1,2\n")
    with pytest.raises(PostcodeFileError, match="pcds"):
        import_postcodes(wrong_columns)
    assert locate("YO1 9ZZ").label == "YO1 9ZZ"  # still only the district's point
    assert locate("YO1 9ZZ").latitude != 53.96


def test_named_places_wards_and_coordinates(app):
    assert locate("  new   EARSWICK ").label == "New Earswick"
    assert locate("Heworth Without").label == "Heworth Without"
    assert locate("53.96,-1.08").label == "your location"
    with pytest.raises(PlaceNotFound):
        locate("Atlantis")
    with pytest.raises(NotAPostcode):
        locate("12345!!")


def test_distance_is_in_miles():
    # York Minster to York station is a little under a mile.
    assert 0.4 < distance_miles(53.9623, -1.0819, 53.9580, -1.0930) < 0.6
