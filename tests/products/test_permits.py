"""Permit numbers as members type them: read the way they are printed, refused with an example."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from products import permits

TODAY = date(2026, 11, 30)


def refused(cleaner, typed, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        cleaner(typed, **kwargs)
    return excinfo.value


# ------------------------------------------------------------------------------------------------
# P-IRT: 15 digits, 4th–7th the regency, last two the year the registration ends
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored", "until"),
    [
        ("P-IRT No. 2063509010123-28", "206350901012328", date(2028, 12, 31)),  # Jember, as printed
        ("2153578010488-27", "215357801048827", date(2027, 12, 31)),  # Surabaya
        ("PIRT 2053374020970 26", "205337402097026", date(2026, 12, 31)),  # Semarang, ends this year
        ("206.3510.0102.70-29", "206351001027029", date(2029, 12, 31)),  # Banyuwangi, dots
        ("spp-irt no: 1013202010482-31", "101320201048231", date(2031, 12, 31)),  # Sukabumi, 5 years
        ("  509 3509 0003 01 30 ", "509350900030130", date(2030, 12, 31)),  # spaces anywhere
    ],
)
def test_valid_pirt_numbers_are_stored_as_15_digits_with_their_expiry(typed, stored, until):
    assert permits.clean_pirt(typed, today=TODAY) == stored
    assert permits.pirt_valid_until(stored) == until
    assert permits.pirt_display(stored) == f"P-IRT No. {stored[:13]}-{stored[13:]}"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12345", "invalid_pirt"),  # too short
        ("2063509010123-281", "invalid_pirt"),  # 16 digits
        ("2063509O10123-28", "pirt_not_digits"),  # the letter O for a zero
        ("P-IRT No. 2063509010123-2B", "pirt_not_digits"),
        ("x", "pirt_not_digits"),
        ("123456789012345", "pirt_bad_region"),  # 45 is no province
        ("2060009010123-28", "pirt_bad_region"),
        ("2063509010123-25", "pirt_expired"),  # ended 31 December 2025
        ("2063509010123-19", "pirt_expired"),
        ("206350901234567", "pirt_bad_year"),  # "2067": an SPP-IRT is valid 5 years at most
    ],
)
def test_invalid_pirt_numbers_are_refused_with_an_example(typed, code):
    error = refused(permits.clean_pirt, typed, today=TODAY)
    assert error.code == code
    message = error.messages[0]
    assert "2063509010123-28" in message or "2025" in message or "2019" in message


def test_a_pirt_ending_this_year_is_valid_until_new_year():
    assert permits.clean_pirt("2063509010123-26", today=date(2026, 12, 31)) == "206350901012326"
    assert refused(permits.clean_pirt, "2063509010123-26", today=date(2027, 1, 1)).code == "pirt_expired"


# ------------------------------------------------------------------------------------------------
# BPOM: MD/ML (food, 12 or 15 digits), TR/TI/TL (traditional medicine, 9 digits)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored", "kind"),
    [
        ("POM TR 193602671", "TR 193602671", "TR"),
        ("BPOM RI TR 213300021", "TR 213300021", "TR"),
        ("pom tr.223504411", "TR 223504411", "TR"),
        ("193602671", "TR 193602671", "TR"),  # without its letters: 9 digits are TR
        ("POM TI 174380211", "TI 174380211", "TI"),
        ("BPOM RI TL 203600251", "TL 203600251", "TL"),
        ("BPOM RI MD 224510107115", "MD 224510107115", "MD"),
        ("MD 240935001200027", "MD 240935001200027", "MD"),  # risk-based registration: 15 digits
        ("ML 231309011234", "ML 231309011234", "ML"),
        ("224510107115", "MD 224510107115", "MD"),
        ("POM TR123456789", "TR 123456789", "TR"),  # how this site stored them before
    ],
)
def test_valid_bpom_numbers_are_read_as_printed(typed, stored, kind):
    assert permits.clean_bpom(typed) == stored
    assert permits.bpom_kind(typed) == kind
    assert permits.bpom_display(stored) == f"BPOM RI {stored}"


@pytest.mark.parametrize(
    "typed",
    [
        "BPOM 123",
        "POM TR 19360267",  # 8 digits
        "TR 1936026711",  # 10 digits
        "MD 2245101071",  # 10 digits
        "QD 193602671",  # not a kind a jamu can have
        "POM TR 19360267A",
        "12345",
        "P-IRT 2063509010123-28",
    ],
)
def test_invalid_bpom_numbers_are_refused_with_an_example(typed):
    error = refused(permits.clean_bpom, typed)
    assert error.code == "invalid_bpom"
    assert "POM TR 193602671" in error.messages[0]
    assert permits.bpom_kind(typed) == ""


# ------------------------------------------------------------------------------------------------
# Kemenkes: AKD/AKL medical devices, PKD/PKL household health supplies, 11 digits
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored", "medical"),
    [
        ("KEMENKES RI AKD 20903022671", "AKD 20903022671", True),
        ("Kemenkes RI AKD 21603020123", "AKD 21603020123", True),
        ("akl 21603123456", "AKL 21603123456", True),
        ("AKL21102910045", "AKL 21102910045", True),
        ("Depkes RI AKD 10102810123", "AKD 10102810123", True),
        ("KEMENKES RI PKD 20203120081", "PKD 20203120081", False),
        ("pkl 10303910002", "PKL 10303910002", False),
        ("Kemenkes RI. PKD. 2060-1910-456", "PKD 20601910456", False),
    ],
)
def test_valid_kemenkes_numbers_and_only_akd_akl_are_medical(typed, stored, medical):
    assert permits.clean_kemenkes(typed) == stored
    assert permits.is_medical_device(typed) is medical
    assert permits.kemenkes_display(stored) == f"Kemenkes RI {stored}"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("x", "invalid_kemenkes"),
        ("AKD 2090302267", "invalid_kemenkes"),  # 10 digits
        ("AKD 209030226711", "invalid_kemenkes"),  # 12 digits
        ("ABC 20903022671", "invalid_kemenkes"),
        ("SNI 8914:2020", "invalid_kemenkes"),  # a standard, not a permit
        ("20903022671", "kemenkes_kind_missing"),  # AKD or PKD? she must say
        ("izin ada", "invalid_kemenkes"),
    ],
)
def test_invalid_kemenkes_numbers_are_refused_and_never_medical(typed, code):
    error = refused(permits.clean_kemenkes, typed)
    assert error.code == code
    assert "KEMENKES RI AKD 20903022671" in error.messages[0]
    assert permits.is_medical_device(typed) is False


# ------------------------------------------------------------------------------------------------
# Halal: BPJPH certificate "ID" + 17 digits, for the regular and the self-declare path alike
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ID35110001325901022", "ID35110001325901022"),  # self-declare, Jawa Timur
        ("ID35110000214820324", "ID35110000214820324"),  # regular
        ("id 3511 0001 2984 50123", "ID35110001298450123"),
        ("35110000145751022", "ID35110000145751022"),  # without "ID"
        ("No. ID00410000053730422", "ID00410000053730422"),  # BPJPH's central office
        ("ID-3211-0000-1546-90922", "ID32110000154690922"),
    ],
)
def test_valid_halal_certificate_numbers(typed, stored):
    assert permits.clean_halal(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ID3511000123456", "invalid_halal"),  # too short
        ("ID351100013259010221", "invalid_halal"),  # too long
        ("ID99110001325901022", "invalid_halal"),  # 99 is no province
        ("LPPOM-00100012345", "invalid_halal"),  # an old MUI number
        ("halal", "invalid_halal"),
        ("KH.2023.123456", "halal_kh_number"),  # a ketetapan halal is not a certificate
    ],
)
def test_invalid_halal_numbers_are_refused_with_an_example(typed, code):
    error = refused(permits.clean_halal, typed)
    assert error.code == code
    assert "ID35110001325901022" in error.messages[0]


def test_empty_means_no_number_for_every_kind():
    assert [permits.clean_pirt(""), permits.clean_bpom(" "), permits.clean_kemenkes(None)] == ["", "", ""]
    assert permits.clean_halal("") == ""
    assert permits.pirt_valid_until("") is None


@pytest.mark.parametrize(
    ("name", "description", "claims"),
    [
        ("Jamu Pegal Linu", "Obat pegal linu dan masuk angin", True),
        ("Jamu Asam Urat", "Mengobati asam urat", True),
        ("Jamu Sehat", "Membantu menyembuhkan batuk", True),
        ("Kunyit Asam", "Segar, tanpa pengawet.", False),
        ("Beras Kencur", "Menyegarkan badan", False),
    ],
)
def test_treatment_claims_are_recognised(name, description, claims):
    assert permits.claims_treatment(name, description) is claims
